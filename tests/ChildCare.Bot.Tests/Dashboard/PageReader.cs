using System.Net;
using System.Text.RegularExpressions;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>
/// What a person sees of a page, read without a browser: its text (tags dropped, entities decoded, spaces
/// collapsed), its links and its form fields, so page tests assert on those rather than on exact markup.
/// </summary>
internal static partial class PageReader
{
    public static string Text(string html) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(Invisible().Replace(html, " "), " ")), " ").Trim();

    public static IReadOnlyList<string> Links(string html) =>
        [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The names of the form fields (inputs, selects, text areas) on the page.</summary>
    public static IReadOnlyList<string> Fields(string html) =>
        [.. FieldName().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The options of a datalist or select, by its id or name.</summary>
    public static IReadOnlyList<string> Options(string html, string list)
    {
        var start = html.IndexOf($"id=\"{list}\"", StringComparison.Ordinal);
        if (start < 0)
        {
            start = html.IndexOf($"name=\"{list}\"", StringComparison.Ordinal);
        }

        if (start < 0)
        {
            return [];
        }

        var block = html[start..Math.Max(start, EndOfList().Match(html, start).Index)];
        return [.. OptionValue().Matches(block).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];
    }

    [GeneratedRegex(@"<(script|style|title)[^>]*>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex Invisible();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<(?:input|select|textarea)[^>]*\\bname=\"([^\"]+)\"")]
    private static partial Regex FieldName();

    [GeneratedRegex("</(?:datalist|select)>")]
    private static partial Regex EndOfList();

    [GeneratedRegex("<option value=\"([^\"]*)\"")]
    private static partial Regex OptionValue();
}
