using ChildCare.Core.Officials;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// The signed-in official's browser session: <c>cc_session</c>, HttpOnly (no script reads it), SameSite=Lax
/// (sent when following a link here, not with another site's posts), Secure whenever people reach us over
/// HTTPS, and expiring with the session. When the public address is https its name is <c>__Host-cc_session</c>:
/// a browser keeps such a cookie only if it came over HTTPS for this exact host with Path=/ (no sibling domain
/// can plant or shadow it).
/// </summary>
internal static class SessionCookie
{
    public const string Name = "cc_session";

    public static string NameFor(WebSettings web) => web.IsHttps ? "__Host-" + Name : Name;

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(NameFor(request.HttpContext.RequestServices.GetRequiredService<WebSettings>()), out var token) && OfficialSession.LooksLikeToken(token) ? token : null;

    public static void Write(HttpContext http, WebSettings web, SignInToken session) =>
        http.Response.Cookies.Append(NameFor(web), session.Token, Options(http, web, session.ExpiresAt));

    public static void Delete(HttpContext http, WebSettings web) =>
        http.Response.Cookies.Delete(NameFor(web), Options(http, web, null));

    private static CookieOptions Options(HttpContext http, WebSettings web, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps || web.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
