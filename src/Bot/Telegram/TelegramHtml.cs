using System.Text;

namespace ChildCare.Bot.Telegram;

/// <summary>Text for parse_mode HTML. Everything a person typed goes through <see cref="Escape"/>.</summary>
internal static class TelegramHtml
{
    /// <summary>Escapes the four characters the Bot API's HTML parser treats specially.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("<>&\"") < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
