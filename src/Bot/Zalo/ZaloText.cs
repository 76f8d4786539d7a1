using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Zalo shows plain text only: our HTML subset (see OutboundMessage) becomes text, links written out, and a
/// text longer than Zalo takes is split at line ends.
/// </summary>
internal static partial class ZaloText
{
    /// <summary>A reply as Zalo shows it: text without markup, a phone number as it is (Zalo makes it tappable), a link written out.</summary>
    public static string FromReply(ChatReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Render(part => part switch
        {
            PhonePart phone => phone.Number,
            LinkPart link => $"{link.Text} ({link.Url.AbsoluteUri})",
            TextPart text => FromHtml(text.Html),
            _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "Unknown reply part."),
        });
    }

    public static string FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = LinkPattern().Replace(html, m =>
        {
            var url = WebUtility.HtmlDecode(m.Groups["url"].Value);
            var label = TagPattern().Replace(m.Groups["label"].Value, "");
            // A phone link's number is its label already; Zalo makes numbers tappable itself.
            return WebUtility.HtmlDecode(label) == url || url.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)
                ? m.Groups["label"].Value
                : $"{label} ({WebUtility.HtmlEncode(url)})";
        });
        text = TagPattern().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }

    public static IReadOnlyList<string> Split(string text, int max)
    {
        if (text.Length <= max)
        {
            return [text];
        }

        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > max)
        {
            var cut = rest[..max].LastIndexOf('\n');
            if (cut < max / 2)
            {
                cut = rest[..max].LastIndexOf(' ');
            }

            if (cut < max / 2)
            {
                cut = max;
                // Never between the two halves of a surrogate pair.
                if (char.IsHighSurrogate(rest[cut - 1]))
                {
                    cut--;
                }
            }

            parts.Add(rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest.ToString());
        }

        return parts;
    }

    public static string Append(string text, IEnumerable<string> lines)
    {
        var builder = new StringBuilder(text);
        foreach (var line in lines)
        {
            builder.Append('\n').Append(line);
        }

        return builder.ToString();
    }

    [GeneratedRegex("<a\\s+href=\"(?<url>[^\"]*)\"\\s*>(?<label>.*?)</a>", RegexOptions.Singleline | RegexOptions.IgnoreCase, 1000)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<[^>]*>", RegexOptions.None, 1000)]
    private static partial Regex TagPattern();
}
