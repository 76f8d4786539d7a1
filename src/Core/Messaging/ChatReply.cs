using System.Text;
using System.Text.Json.Serialization;

namespace ChildCare.Core.Messaging;

/// <summary>
/// One message to a person, whatever the channel: typed <see cref="Parts"/> (text, a phone number, a link) and the
/// buttons under them. Features build it; each channel renders it once (Telegram: HTML and an inline or reply
/// keyboard; the web chat: HTML with tap-to-call links; Zalo: plain text with quick actions or numbered choices).
/// </summary>
/// <remarks>
/// Built from markup (HTML in Telegram's subset, everything a person typed escaped), a phone number written alone
/// in bold (<c>&lt;b&gt;111&lt;/b&gt;</c>, as the resource texts and <c>Replies.Number</c> write it) is read once,
/// here, into a <see cref="PhonePart"/>. Stored (outbox rows, a conversation's last answer) as its
/// <see cref="Html"/> and <see cref="Keyboard"/>, which read back into the same parts.
/// </remarks>
public sealed record ChatReply
{
    [JsonConstructor]
    public ChatReply(string html, Keyboard? keyboard = null)
        : this(Read(html ?? throw new ArgumentNullException(nameof(html))), keyboard)
    {
    }

    public ChatReply(IReadOnlyList<ReplyPart> parts, Keyboard? keyboard = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        Parts = parts;
        Keyboard = keyboard;
    }

    [JsonIgnore]
    public IReadOnlyList<ReplyPart> Parts { get; }

    public Keyboard? Keyboard { get; init; }

    /// <summary>The parts as markup: text as it is, a phone number in bold, a link as an anchor. What Telegram is sent.</summary>
    [JsonPropertyOrder(-1)]
    public string Html => Parts is [TextPart only] ? only.Html : Render(static p => p switch
    {
        PhonePart phone => "<b>" + MessageHtml.Escape(phone.Number) + "</b>",
        LinkPart link => "<a href=\"" + MessageHtml.Escape(link.Url.AbsoluteUri) + "\">" + MessageHtml.Escape(link.Text) + "</a>",
        TextPart text => text.Html,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p.GetType().Name, "Unknown reply part."),
    });

    /// <summary>The parts joined, each written by <paramref name="write"/>: how a channel renders the text.</summary>
    public string Render(Func<ReplyPart, string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            text.Append(write(part));
        }

        return text.ToString();
    }

    public bool Equals(ChatReply? other) =>
        other is not null && Parts.SequenceEqual(other.Parts) && Equals(Keyboard, other.Keyboard);

    public override int GetHashCode() => HashCode.Combine(Parts.Count, Keyboard);

    private const string BoldOpen = "<b>";
    private const string BoldClose = "</b>";

    /// <summary>Markup into parts: each <c>&lt;b&gt;</c> holding only 3 to 11 digits is a phone number, the rest text.</summary>
    internal static IReadOnlyList<ReplyPart> Read(string html)
    {
        var parts = new List<ReplyPart>();
        var from = 0;
        for (var open = html.IndexOf(BoldOpen, StringComparison.Ordinal); open >= 0; open = html.IndexOf(BoldOpen, open + 1, StringComparison.Ordinal))
        {
            var start = open + BoldOpen.Length;
            var end = start;
            while (end < html.Length && char.IsAsciiDigit(html[end]))
            {
                end++;
            }

            if (end - start is < 3 or > 11 || string.CompareOrdinal(html, end, BoldClose, 0, BoldClose.Length) != 0)
            {
                continue;
            }

            if (open > from)
            {
                parts.Add(new TextPart(html[from..open]));
            }

            parts.Add(new PhonePart(html[start..end]));
            from = end + BoldClose.Length;
            open = from - 1;
        }

        if (from < html.Length || parts.Count == 0)
        {
            parts.Add(new TextPart(html[from..]));
        }

        return parts;
    }
}

/// <summary>A piece of a <see cref="ChatReply"/>.</summary>
public abstract record ReplyPart;

/// <summary>Text in markup: HTML in Telegram's subset, everything a person typed escaped.</summary>
public sealed record TextPart(string Html) : ReplyPart;

/// <summary>A number to call (113, 111, a hotline): tap-to-call where the channel has it.</summary>
public sealed record PhonePart(string Number) : ReplyPart;

/// <summary>A link with its words.</summary>
public sealed record LinkPart(string Text, Uri Url) : ReplyPart;
