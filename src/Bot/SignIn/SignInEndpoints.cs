using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// Officials sign in with the one-time link the bot sends for <c>/login</c>: <c>GET /login/{token}</c> spends the
/// link, sets the session cookie and sends the browser on to <c>GET /login</c>, a small page saying who is
/// signed in with the way to the cases and a sign-out button (<c>POST /logout</c>).
/// </summary>
/// <remarks>
/// A page rather than a redirect straight to <c>/api/cases</c>: a person who tapped a link in Telegram sees in
/// their language that it worked (or, for a used or expired link, what to do), and the address bar no longer
/// holds the link. The dashboard will take the page's place.
/// </remarks>
internal static class SignInEndpoints
{
    public const string PagePath = "/login";

    // Vietnamese letters as they are, markup characters escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private const string ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(PagePath + "/{token}", OpenLinkAsync).ExcludeFromDescription();
        app.MapGet(PagePath, ShowAsync).ExcludeFromDescription();
        app.MapPost("/logout", SignOutAsync)
            .WithTags("Cases")
            .WithName("SignOut")
            .WithSummary("Ends the official's session (the cc_session cookie) and sends the browser to the sign-in page.");
        return app;
    }

    private static async Task<IResult> OpenLinkAsync(string token, HttpContext http, OfficialSignIn signIn, WebSettings web, CancellationToken cancellationToken)
    {
        var session = await signIn.RedeemLinkAsync(token, cancellationToken);
        if (session is null)
        {
            return Page(http, StatusCodes.Status400BadRequest, "SignInLinkInvalid", signedIn: false);
        }

        SessionCookie.Write(http, web, session);
        NoStore(http.Response);
        // 303: the browser asks for the page with GET, and a reload does not open the spent link again.
        http.Response.Headers.Location = web.Link(PagePath).AbsoluteUri;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, OfficialSignIn signIn, CancellationToken cancellationToken)
    {
        var signedIn = await signIn.OfficialForSessionAsync(SessionCookie.Read(http.Request), cancellationToken) is not null;
        return Page(http, StatusCodes.Status200OK, signedIn ? "SignedIn" : "NotSignedIn", signedIn);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, OfficialSignIn signIn, WebSettings web, CancellationToken cancellationToken)
    {
        await signIn.EndSessionAsync(SessionCookie.Read(http.Request), cancellationToken);
        SessionCookie.Delete(http, web);
        NoStore(http.Response);
        http.Response.Headers.Location = web.Link(PagePath).AbsoluteUri;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Page(HttpContext http, int status, string message, bool signedIn)
    {
        var language = Languages.FromCode(FirstLanguage(http.Request));
        string Text(string name) => Html.Encode(BotTexts.Get(name, language));
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{language.Code()}\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append(CultureInfo.InvariantCulture, $"<title>{Text("SignInTitle")}</title></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<h1>{Text("SignInTitle")}</h1><p>{Html.Encode(BotTexts.Format(message, language, (int)OfficialSignIn.SessionLifetime.TotalHours, (int)OfficialSignIn.LinkLifetime.TotalMinutes))}</p>");
        if (signedIn)
        {
            // Relative addresses: they keep working behind a proxy that serves us under a path prefix.
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"api/cases\">{Text("SignInCases")}</a></p>")
                .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"logout\"><button type=\"submit\">{Text("SignOut")}</button></form>");
        }

        html.Append("</body></html>");
        var response = http.Response;
        NoStore(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        // The link's address must not travel on as a Referer.
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string? FirstLanguage(HttpRequest request) =>
        request.Headers.AcceptLanguage.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Split(';')[0];
}
