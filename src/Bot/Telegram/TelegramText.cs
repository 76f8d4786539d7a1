using System.Text;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Splits a long HTML message into parts Telegram accepts (4096 characters each). It cuts at a paragraph
/// break if it can, else at a line break, else between words, else anywhere; never inside a tag, an entity
/// or a surrogate pair. Tags open at a cut are closed at the end of one part and reopened at the start of
/// the next, so every part is valid HTML on its own.
/// </summary>
internal static class TelegramText
{
    public const int MaxMessageLength = 4096;

    private static readonly string[] Separators = ["\n\n", "\n", " "];

    public static IReadOnlyList<string> Split(string html, int maxLength = MaxMessageLength)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 16);

        var parts = new List<string>();
        var rest = html;
        var reopened = 0;
        while (rest.Length > maxLength)
        {
            var (cut, closers, openers) = FindCut(rest, maxLength);
            if (cut <= reopened)
            {
                throw new ArgumentException("The text cannot be split: its tags are too long for the part size.", nameof(html));
            }

            parts.Add(rest[..cut].TrimEnd('\n', ' ') + closers);
            rest = openers + rest[cut..].TrimStart('\n', ' ');
            reopened = openers.Length;
        }

        if (rest.Length > reopened || parts.Count == 0)
        {
            parts.Add(rest);
        }

        return parts;
    }

    private static (int Cut, string Closers, string Openers) FindCut(string text, int maxLength)
    {
        var safe = SafeCuts(text, maxLength);
        var limit = maxLength;
        while (limit > 0)
        {
            var cut = BestCut(text, safe, limit);
            if (cut <= 0)
            {
                break;
            }

            var open = OpenTags(text.AsSpan(0, cut));
            var closers = new StringBuilder();
            for (var i = open.Count - 1; i >= 0; i--)
            {
                closers.Append("</").Append(open[i].Name).Append('>');
            }

            if (text[..cut].TrimEnd('\n', ' ').Length + closers.Length <= maxLength)
            {
                return (cut, closers.ToString(), string.Concat(open.Select(t => t.Tag)));
            }

            limit = cut - 1;
        }

        return (0, "", "");
    }

    private static int BestCut(string text, bool[] safe, int limit)
    {
        foreach (var separator in Separators)
        {
            for (var i = Math.Min(limit, text.Length - separator.Length); i > 0; i--)
            {
                if (safe[i] && string.CompareOrdinal(text, i, separator, 0, separator.Length) == 0)
                {
                    return i;
                }
            }
        }

        for (var i = limit; i > 0; i--)
        {
            if (safe[i])
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>safe[i]: the text may be cut before index i (so text[..i] is one part).</summary>
    private static bool[] SafeCuts(string text, int maxLength)
    {
        var end = Math.Min(text.Length, maxLength);
        var safe = new bool[end + 1];
        var i = 0;
        while (i < end)
        {
            safe[i] = !char.IsLowSurrogate(text[i]);
            var skipTo = text[i] switch
            {
                '<' => text.IndexOf('>', i),
                '&' => EntityEnd(text, i),
                _ => -1,
            };
            i = skipTo > i ? skipTo + 1 : i + 1;
        }

        if (i == end)
        {
            safe[end] = end == text.Length || !char.IsLowSurrogate(text[end]);
        }

        return safe;
    }

    private static int EntityEnd(string text, int start)
    {
        for (var i = start + 1; i < text.Length && i <= start + 12; i++)
        {
            if (text[i] == ';')
            {
                return i > start + 1 ? i : -1;
            }

            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '#')
            {
                return -1;
            }
        }

        return -1;
    }

    private static List<(string Name, string Tag)> OpenTags(ReadOnlySpan<char> text)
    {
        var open = new List<(string Name, string Tag)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] != '<')
            {
                i++;
                continue;
            }

            var close = text[i..].IndexOf('>');
            if (close < 0)
            {
                break;
            }

            var tag = text.Slice(i, close + 1);
            var closing = tag.Length > 1 && tag[1] == '/';
            var nameStart = closing ? 2 : 1;
            var nameEnd = nameStart;
            while (nameEnd < tag.Length && (char.IsAsciiLetterOrDigit(tag[nameEnd]) || tag[nameEnd] == '-'))
            {
                nameEnd++;
            }

            var name = tag[nameStart..nameEnd].ToString().ToLowerInvariant();
            if (closing)
            {
                var index = open.FindLastIndex(t => t.Name == name);
                if (index >= 0)
                {
                    open.RemoveRange(index, open.Count - index);
                }
            }
            else if (name.Length > 0)
            {
                open.Add((name, tag.ToString()));
            }

            i += close + 1;
        }

        return open;
    }
}
