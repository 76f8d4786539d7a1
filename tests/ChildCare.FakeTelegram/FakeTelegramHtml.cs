namespace ChildCare.FakeTelegram;

/// <summary>The checks Telegram's parse_mode HTML parser makes that a client can get wrong.</summary>
internal static class FakeTelegramHtml
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "tg-emoji", "code", "pre", "blockquote", "tg-time",
    };

    private static readonly HashSet<string> Entities = new(StringComparer.Ordinal) { "lt", "gt", "amp", "quot" };

    public static string? Problem(string html)
    {
        var open = new Stack<string>();
        for (var i = 0; i < html.Length; i++)
        {
            if (html[i] == '&')
            {
                var end = html.IndexOf(';', i);
                var name = end > i ? html[(i + 1)..end] : "";
                if (!(Entities.Contains(name) || (name.StartsWith('#') && name.Length > 1)))
                {
                    return $"Bad Request: can't parse entities: Unsupported HTML entity at byte offset {i}";
                }

                i = end;
            }
            else if (html[i] == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return $"Bad Request: can't parse entities: Unclosed start tag at byte offset {i}";
                }

                var tag = html[(i + 1)..end];
                var closing = tag.StartsWith('/');
                var name = new string([.. tag.TrimStart('/').TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c == '-')]);
                if (!Allowed.Contains(name))
                {
                    return $"Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {i}";
                }

                if (!closing)
                {
                    open.Push(name);
                }
                else if (open.Count == 0 || !string.Equals(open.Pop(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return $"Bad Request: can't parse entities: Unmatched end tag at byte offset {i}, expected \"</{name}>\"";
                }

                i = end;
            }
        }

        return open.Count == 0 ? null : $"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{open.Peek()}\"";
    }
}
