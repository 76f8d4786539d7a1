using ChildCare.Core.Messaging;

namespace ChildCare.Core.Directory;

/// <summary>
/// How an administrator writes a guide: plain text in which <c>&lt;b&gt;…&lt;/b&gt;</c> (bold) and
/// <c>&lt;i&gt;…&lt;/i&gt;</c> (italic) are the only markup, properly nested. Everything else is text: a
/// <c>&amp;</c> is an ampersand, "trẻ &lt; 6 tuổi" is a comparison, and anything else that looks like a tag
/// (<c>&lt;</c> then a letter, <c>/</c>, <c>!</c> or <c>?</c>) is refused on save rather than guessed at. The shipped
/// guides (Resources/GuidanceTexts*.resx) are written the same way, so they open in the editor unchanged.
/// </summary>
public static class GuidanceMarkup
{
    private static readonly string[] Tags = ["<b>", "</b>", "<i>", "</i>"];

    /// <summary>What is wrong with the markup of <paramref name="text"/>, or null when it is fine.</summary>
    public static DirectoryProblem? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = new Stack<char>();
        for (var at = text.IndexOf('<', StringComparison.Ordinal); at >= 0; at = text.IndexOf('<', at + 1))
        {
            var tag = Tags.FirstOrDefault(t => string.CompareOrdinal(text, at, t, 0, t.Length) == 0);
            if (tag is null)
            {
                if (at + 1 < text.Length && (char.IsLetter(text[at + 1]) || text[at + 1] is '/' or '!' or '?'))
                {
                    return DirectoryProblem.MarkupNotAllowed;
                }

                continue;
            }

            var name = tag[^2];
            if (tag[1] != '/')
            {
                open.Push(name);
            }
            else if (!open.TryPop(out var last) || last != name)
            {
                return DirectoryProblem.MarkupUnclosed;
            }
        }

        return open.Count == 0 ? null : DirectoryProblem.MarkupUnclosed;
    }

    /// <summary>
    /// The text as Telegram HTML (also fit for a web page): everything escaped, then the four tags given back.
    /// Call on checked text only.
    /// </summary>
    public static string ToHtml(string text)
    {
        var html = MessageHtml.Escape(text);
        foreach (var tag in Tags)
        {
            html = html.Replace(MessageHtml.Escape(tag), tag, StringComparison.Ordinal);
        }

        return html;
    }
}
