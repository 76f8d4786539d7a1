using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using Microsoft.AspNetCore.Antiforgery;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// The frame of every dashboard page: the top bar (ChildCare, the official's name, Cases, sign out) and the
/// headers that keep a page of case data private: no caching, no framing, no script, styles from us only.
/// </summary>
internal static class DashboardLayout
{
    // The pages in the top bar, in the order officials use them; the last ones are for administrators.
    private static readonly (string Path, string Text, bool AdminOnly)[] Sections =
    [
        ("overview", "NavOverview", false),
        ("cases", "NavCases", false),
        ("calendar", "NavCalendar", false),
        ("reminders", "NavReminders", false),
        ("plans", "NavPlans", false),
        ("directory", "NavDirectory", false),
        ("exports", "NavExports", false),
        ("attention", "NavAttention", true),
        ("units", "NavUnits", true),
        ("scheduler", "NavScheduler", true),
    ];

    public const string ContentSecurityPolicy = PageResults.ContentSecurityPolicy;

    /// <summary>
    /// <paramref name="root"/> is the relative way back to the site's root from the page ("" or "../"): relative
    /// addresses keep working behind a proxy that serves us under a path prefix.
    /// </summary>
    public static IResult Page(HttpContext http, DashboardUser? user, Language language, string title, string root, HtmlBuilder main, int status = StatusCodes.Status200OK, string section = "cases")
    {
        string T(string name) => DashboardTexts.Get(name, language);
        var html = new HtmlBuilder()
            .Raw("<!doctype html><html lang=\"").Attr(language.Code()).Raw("\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<title>").Text(title + " · " + T("AppName")).Raw("</title>")
            .Raw("<link rel=\"icon\" href=\"").Attr(root + "assets/icon.svg").Raw("\" type=\"image/svg+xml\">")
            .Raw("<link rel=\"stylesheet\" href=\"").Attr(root + "assets/dashboard.css").Raw("\"></head><body>")
            .Raw("<header class=\"topbar\"><a class=\"brand\" href=\"").Attr(root + "overview").Raw("\"><span class=\"logo\" aria-hidden=\"true\"></span>").Text(T("AppName")).Raw("</a>");
        if (user is not null)
        {
            html.Raw("<nav aria-label=\"").Attr(T("NavLabel")).Raw("\">");
            foreach (var (path, text, adminOnly) in Sections)
            {
                if (!adminOnly || user.IsAdministrator)
                {
                    html.Raw("<a href=\"").Attr(root + path).Raw(path == section ? "\" aria-current=\"page\">" : "\">").Text(T(text)).Raw("</a>");
                }
            }

            html.Raw("</nav><div class=\"who\"><span class=\"name\">").Text(user.Name).Raw("</span>")
                .Raw("<form method=\"post\" action=\"").Attr(root + "logout").Raw("\">");
            AntiforgeryField(html, http);
            html.Raw("<button type=\"submit\" class=\"link\">").Text(T("SignOut")).Raw("</button></form></div>");
        }

        html.Raw("</header><main>").Raw(main.ToString()).Raw("</main></body></html>");
        Secure(http.Response);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    /// <summary>The relative way back to the root from the request's path: "" for <c>/units</c>, "../" for <c>/directory/places</c>.</summary>
    public static string RootOf(HttpRequest request) => PageResults.RootOf(request);

    /// <summary>The hidden antiforgery field (its cookie half is set on the response).</summary>
    public static void AntiforgeryField(HtmlBuilder html, HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        html.Raw("<input type=\"hidden\" name=\"").Attr(tokens.FormFieldName).Raw("\" value=\"").Attr(tokens.RequestToken).Raw("\">");
    }

    public static void Secure(HttpResponse response) => PageResults.Secure(response);
}
