using ChildCare.FakeTelegram;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// What the fake Bot API accepted (sendMessage answered 200), counted per chat and text at one moment. A text
/// accepted twice in the same chat is a duplicate; an expected text never accepted is lost.
/// </summary>
internal sealed class Deliveries
{
    private readonly Dictionary<(long Chat, string Text), int> _count = [];
    private readonly Dictionary<long, List<string>> _byChat = [];
    private readonly Dictionary<(long Chat, string Text), List<DateTimeOffset>> _times = [];

    private Deliveries(IEnumerable<FakeTelegramCall> calls)
    {
        foreach (var call in calls)
        {
            if (!call.Succeeded || call.Method != "sendMessage" || call.ChatId is not { } chat)
            {
                continue;
            }

            var text = call.Parameters.GetProperty("text").GetString() ?? "";
            _count[(chat, text)] = _count.GetValueOrDefault((chat, text)) + 1;
            if (!_times.TryGetValue((chat, text), out var times))
            {
                _times[(chat, text)] = times = [];
            }

            times.Add(call.Timestamp);
            if (!_byChat.TryGetValue(chat, out var texts))
            {
                _byChat[chat] = texts = [];
            }

            texts.Add(text);
        }
    }

    public static Deliveries Of(FakeTelegramServer fake)
    {
        ArgumentNullException.ThrowIfNull(fake);
        return new(fake.Requests);
    }

    /// <summary>Accepted messages beyond the first of each text in each chat.</summary>
    public int Duplicates => _count.Values.Sum(c => c - 1);

    public int Total => _count.Values.Sum();

    /// <summary>The messages accepted more than once: chat, the start of the text, and when each copy was accepted.</summary>
    public IEnumerable<string> DuplicateList() => _times.Where(t => t.Value.Count > 1).OrderBy(t => t.Value[0])
        .Select(t => $"chat {t.Key.Chat} '{(t.Key.Text.Length > 30 ? t.Key.Text[..30] : t.Key.Text).ReplaceLineEndings(" ")}' at {string.Join(", ", t.Value.Select(v => v.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)))}");

    public IReadOnlyList<string> To(long chat) => _byChat.TryGetValue(chat, out var texts) ? texts : [];

    public bool Delivered(long chat, string text) => _count.ContainsKey((chat, text));

    /// <summary>How many of the expected (chat, text) pairs were never accepted.</summary>
    public int Lost(IEnumerable<(long Chat, string Text)> expected) => expected.Count(e => !_count.ContainsKey(e));

    /// <summary>How many of the expected (chat, part of a text) pairs no accepted message to that chat contains.</summary>
    public int Missing(IEnumerable<(long Chat, string Part)> expected) =>
        expected.Count(e => !To(e.Chat).Any(t => t.Contains(e.Part, StringComparison.Ordinal)));

    /// <summary>How many of the chats got at least one message containing <paramref name="text"/>.</summary>
    public int ChatsWith(IEnumerable<long> chats, string text) => chats.Count(c => To(c).Any(t => t.Contains(text, StringComparison.Ordinal)));
}
