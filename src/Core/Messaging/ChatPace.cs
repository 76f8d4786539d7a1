using System.Threading.RateLimiting;

namespace ChildCare.Core.Messaging;

/// <summary>
/// How fast one chat may be written to: a private chat about once a second, evenly spaced (a timer-driven
/// token bucket would let two sends straddle a refill a few milliseconds apart); a group 20 a minute over a
/// sliding window. Used by the dispatcher that sends the chat's part of the outbox, from its send loop only.
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

    /// <summary>
    /// Takes the chat's turn now, or says when it has one: the same instant for every message of the chat put off
    /// meanwhile, so when they are due together they are claimed in the order they were queued.
    /// </summary>
    public bool TryTakeTurn(long chatId, out DateTimeOffset turn)
    {
        var now = _time.GetUtcNow();
        if (chatId < 0)
        {
            using var permit = _groups.AttemptAcquire(chatId);
            turn = permit.IsAcquired ? now
                : now + (permit.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(3));
            return permit.IsAcquired;
        }

        Prune(now);
        if (_nextPrivate.TryGetValue(chatId, out var next) && next > now)
        {
            turn = next;
            return false;
        }

        _nextPrivate[chatId] = now + _privateSpacing;
        turn = now;
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
