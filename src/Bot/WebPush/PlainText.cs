using System.Net;
using System.Text.RegularExpressions;

namespace ChildCare.Bot.WebPush;

/// <summary>Telegram's HTML subset (b, i, a, code) as the plain text a notification shows.</summary>
internal static partial class PlainText
{
    public static string FromTelegramHtml(string html) => WebUtility.HtmlDecode(Tags().Replace(html ?? "", ""));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
