using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Pages.SignIn;
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
/// A page rather than a redirect straight to the cases: a person who tapped a link in Telegram sees in their
/// language that it worked (or, for a used or expired link, what to do), and the address bar no longer holds
/// the link. Signing out is a form post with an antiforgery token, like every dashboard form.
/// </remarks>
internal static class SignInEndpoints
{
    public const string PagePath = "/login";

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
        // 303: the browser asks for the overview with GET, and a reload does not open the spent link again.
        http.Response.Headers.Location = web.Link(Pages.Home.HomeEndpoints.OverviewPath, http.Request).AbsoluteUri;
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
        http.Response.Headers.Location = web.Link(PagePath, http.Request).AbsoluteUri;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Page(HttpContext http, int status, string message, bool signedIn)
    {
        var language = Languages.FromCode(FirstLanguage(http.Request));
        var text = BotTexts.Format(message, language, (int)OfficialSignIn.SessionLifetime.TotalHours, (int)OfficialSignIn.LinkLifetime.TotalMinutes);
        return PageResults.Page<SignInPage>(http, new { Language = language, Message = text, SignedIn = signedIn }, status);
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
