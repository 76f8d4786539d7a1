using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using ChildCare.Bot.Resources;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Antiforgery;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// Officials sign in with the one-time link the bot sends for <c>/login</c>: <c>GET /login/{token}</c> spends the
/// link, sets the session cookie and sends the browser on to <c>GET /login</c>, a small page saying who is
/// signed in with the way to the cases and a sign-out button (<c>POST /logout</c>).
/// </summary>
/// <remarks>
/// A page rather than a redirect straight to the cases: a person who tapped a link in Telegram sees in their
/// language that it worked (or, for a used or expired link, what to do), and the address bar no longer holds
/// the link. Signing out is a form post with an antiforgery token, like every dashboard form.
/// </remarks>
internal static class SignInEndpoints
{
    public const string PagePath = "/login";

    // Vietnamese letters as they are, markup characters escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

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

    // The form parameter makes ASP.NET Core check the antiforgery token: another site cannot sign people out.
    private static async Task<IResult> SignOutAsync(IFormCollection form, HttpContext http, OfficialSignIn signIn, WebSettings web, CancellationToken cancellationToken)
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
            .Append(CultureInfo.InvariantCulture, $"<title>{Text("SignInTitle")}</title><link rel=\"stylesheet\" href=\"assets/dashboard.css\"></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<header class=\"topbar\"><span class=\"brand\"><span class=\"logo\" aria-hidden=\"true\"></span>ChildCare</span></header>")
            .Append(CultureInfo.InvariantCulture, $"<main><section class=\"card signin\"><h1>{Text("SignInTitle")}</h1><p>{Html.Encode(BotTexts.Format(message, language, (int)OfficialSignIn.SessionLifetime.TotalHours, (int)OfficialSignIn.LinkLifetime.TotalMinutes))}</p>");
        var web = http.RequestServices.GetRequiredService<WebSettings>();
        if (!signedIn)
        {
            // The other way in: a passkey made when joining in a browser or on the account page.
            html.Append(CultureInfo.InvariantCulture, $"<p><a class=\"button\" href=\"{Html.Encode(web.Link(Pages.Accounts.AccountEndpoints.PasskeyPath).AbsoluteUri)}\">{Html.Encode(AccountTexts.Get("PasskeyButton", language))}</a></p>");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{Html.Encode(web.Link(Pages.Accounts.AccountEndpoints.AccountPath).AbsoluteUri)}\">{Html.Encode(AccountTexts.Get("AccountTitle", language))}</a></p>");
        }

        if (signedIn)
        {
            // Relative addresses: they keep working behind a proxy that serves us under a path prefix.
            var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            html.Append(CultureInfo.InvariantCulture, $"<p><a class=\"button\" href=\"cases\">{Text("SignInCases")}</a></p>")
                .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"logout\"><input type=\"hidden\" name=\"{Html.Encode(tokens.FormFieldName)}\" value=\"{Html.Encode(tokens.RequestToken ?? "")}\">")
                .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" class=\"danger\">{Text("SignOut")}</button></form>");
        }

        html.Append("</section></main></body></html>");
        var response = http.Response;
        NoStore(response);
        response.Headers.ContentSecurityPolicy = Dashboard.DashboardLayout.ContentSecurityPolicy;
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
