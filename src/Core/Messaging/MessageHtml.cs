using System.Text;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Outbound texts are HTML in Telegram's subset (see <see cref="OutboundMessage"/>): everything a person or an
/// administrator wrote goes through <see cref="Escape"/>, which leaves Vietnamese letters as they are.
/// </summary>
public static class MessageHtml
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
