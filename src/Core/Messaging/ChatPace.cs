using System.Threading.RateLimiting;

namespace ChildCare.Core.Messaging;

/// <summary>
/// How fast one chat may be written to: a private chat about once a second, evenly spaced (a timer-driven
/// token bucket would let two sends straddle a refill a few milliseconds apart); a group 20 a minute over a
/// sliding window. Used by the one dispatcher that leads, from its send loop only.
/// </summary>
internal sealed class ChatPace : IDisposable
{
    private readonly TimeSpan _privateSpacing;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, DateTimeOffset> _nextPrivate = [];
    private readonly PartitionedRateLimiter<long> _groups;
    private DateTimeOffset _nextPrune;

    public ChatPace(MessagingSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // A little over the period: the provider counts arrivals, a few milliseconds after we send.
        _privateSpacing = TimeSpan.FromSeconds(1.04 / settings.PrivateChatPerSecond);
        _time = time;
        _groups = PartitionedRateLimiter.Create<long, long>(chatId => RateLimitPartition.GetSlidingWindowLimiter(chatId, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = settings.GroupPerMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 12,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes the chat's turn now, or says how long until it has one.</summary>
    public bool TryTake(long chatId, out TimeSpan wait)
    {
        if (chatId < 0)
        {
            using var permit = _groups.AttemptAcquire(chatId);
            wait = permit.IsAcquired ? TimeSpan.Zero
                : permit.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(3);
            return permit.IsAcquired;
        }

        var now = _time.GetUtcNow();
        Prune(now);
        if (_nextPrivate.TryGetValue(chatId, out var next) && next > now)
        {
            wait = next - now;
            return false;
        }

        _nextPrivate[chatId] = now + _privateSpacing;
        wait = TimeSpan.Zero;
        return true;
    }

    public void Dispose() => _groups.Dispose();

    // Chats whose turn has come again need no entry: keeps the table as small as the chats written to just now.
    private void Prune(DateTimeOffset now)
    {
        if (now < _nextPrune)
        {
            return;
        }

        foreach (var chat in _nextPrivate.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            _nextPrivate.Remove(chat);
        }

        _nextPrune = now + TimeSpan.FromMinutes(1);
    }
}
