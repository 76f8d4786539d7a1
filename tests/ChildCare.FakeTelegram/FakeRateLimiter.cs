namespace ChildCare.FakeTelegram;

/// <summary>Sliding-window counters; callers hold the server's lock.</summary>
internal sealed class FakeRateLimiter(FakeRateLimits limits)
{
    private readonly Queue<DateTimeOffset> _global = new();
    private readonly Dictionary<long, Queue<DateTimeOffset>> _chats = [];

    /// <summary>Null when the message may go now; otherwise the whole seconds to wait (at least 1).</summary>
    public int? TryAcquire(long? chatId, DateTimeOffset now)
    {
        var waits = new List<TimeSpan>();
        Check(_global, limits.GlobalPerSecond, TimeSpan.FromSeconds(1), now, waits);
        Queue<DateTimeOffset>? chat = null;
        if (chatId is { } id)
        {
            if (!_chats.TryGetValue(id, out chat))
            {
                chat = new Queue<DateTimeOffset>();
                _chats[id] = chat;
            }

            if (id > 0)
            {
                Check(chat, limits.PrivateChatPerSecond, TimeSpan.FromSeconds(1), now, waits);
            }
            else
            {
                Check(chat, limits.GroupChatPerMinute, TimeSpan.FromMinutes(1), now, waits);
            }
        }

        if (waits.Count > 0)
        {
            return Math.Max(1, (int)Math.Ceiling(waits.Max().TotalSeconds));
        }

        _global.Enqueue(now);
        chat?.Enqueue(now);
        return null;
    }

    private static void Check(Queue<DateTimeOffset> sent, int? limit, TimeSpan window, DateTimeOffset now, List<TimeSpan> waits)
    {
        while (sent.Count > 0 && sent.Peek() + TimeSpan.FromMinutes(1) <= now)
        {
            sent.Dequeue();
        }

        if (limit is not { } max)
        {
            return;
        }

        var inWindow = sent.Where(t => t + window > now).ToList();
        if (inWindow.Count >= max)
        {
            waits.Add(inWindow[inWindow.Count - max] + window - now);
        }
    }
}
