using System.Diagnostics;
using ChildCare.FakeTelegram;

namespace ChildCare.Benchmarks;

/// <summary>
/// The messages the fake Bot API accepted (sendMessage answered 200), per chat, read incrementally from
/// its record of calls. A text accepted twice in the same chat is a duplicate.
/// </summary>
internal sealed class FakeDeliveries(FakeTelegramServer fake)
{
    private readonly Dictionary<long, DateTimeOffset> _first = [];
    private readonly HashSet<(long Chat, string Text)> _texts = [];
    private int _seen;

    /// <summary>When the fake accepted the first message to each chat (the fake's clock: TimeProvider.System).</summary>
    public IReadOnlyDictionary<long, DateTimeOffset> FirstAccepted => _first;

    public int Duplicates { get; private set; }

    public void Refresh()
    {
        var calls = fake.Requests;
        for (; _seen < calls.Count; _seen++)
        {
            var call = calls[_seen];
            if (!call.Succeeded || call.Method != "sendMessage" || call.ChatId is not { } chat)
            {
                continue;
            }

            if (!_texts.Add((chat, call.Parameters.GetProperty("text").GetString() ?? "")))
            {
                Duplicates++;
            }

            _first.TryAdd(chat, call.Timestamp);
        }
    }

    public int DeliveredTo(IReadOnlyCollection<long> chats)
    {
        Refresh();
        return chats.Count(_first.ContainsKey);
    }

    /// <summary>Waits until every chat got a message or <paramref name="timeout"/> passed; says how far it got every 5 s.</summary>
    /// <returns>Whether every chat got a message.</returns>
    public async Task<bool> WaitForAsync(IReadOnlyCollection<long> chats, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var delivered = DeliveredTo(chats);
            if (delivered == chats.Count)
            {
                return true;
            }

            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                Report.Progress($"{delivered:N0} of {chats.Count:N0} {what} after {clock.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(50);
        }
    }
}
