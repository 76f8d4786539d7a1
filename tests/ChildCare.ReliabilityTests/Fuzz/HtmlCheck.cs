using System.Text.RegularExpressions;

namespace ChildCare.ReliabilityTests.Fuzz;

/// <summary>
/// Whether HTML the product wrote lets user text through unescaped: a hostile marker (<see cref="HostileCorpus.Markers"/>)
/// standing raw, or, for Telegram-style HTML, a tag outside the set Telegram's parse_mode HTML allows.
/// </summary>
internal static partial class HtmlCheck
{
    public static readonly HashSet<string> TelegramTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote", "tg-time",
    };

    /// <summary>The first problem found, or null.</summary>
    public static string? Problem(string html, bool telegramSubset)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (var marker in HostileCorpus.Markers)
        {
            var at = html.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                return $"raw '{marker}' at {at}: …{Around(html, at)}…";
            }
        }

        if (telegramSubset)
        {
            foreach (Match tag in Tag().Matches(html))
            {
                if (!TelegramTags.Contains(tag.Groups[1].Value))
                {
                    return $"tag <{tag.Groups[1].Value}> is not Telegram's: …{Around(html, tag.Index)}…";
                }
            }
        }

        return null;
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(60, text.Length - Math.Max(0, at - 20))).ReplaceLineEndings(" ");

    [GeneratedRegex(@"</?([A-Za-z][A-Za-z0-9-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
