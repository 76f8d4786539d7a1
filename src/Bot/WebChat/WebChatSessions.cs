using System.Globalization;
using System.Security.Cryptography;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Privacy;
using Microsoft.AspNetCore.DataProtection;

namespace ChildCare.Bot.WebChat;

/// <summary>
/// Web chat sessions are issued by the server only: the cookie holds a random token and the moment it was last
/// used, protected with data protection (so it cannot be made up or edited). A cookie that does not open, or
/// one idle longer than <see cref="WebChatSettings.SessionIdleMinutes"/>, gets a new session: a forged value
/// reaches nobody's conversation, and a shared phone forgets the previous person's chat. Behind HTTPS the cookie
/// is <c>__Host-cc_chat</c> (Secure, Path=/, no Domain).
/// </summary>
internal sealed class WebChatSessions(IDataProtectionProvider protection, WebChatSettings settings, WebSettings web, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ChildCare.WebChat.Session.v1");

    /// <summary>How long a session lasts unused.</summary>
    public TimeSpan Idle => settings.SessionIdle;

    public string CookieName => web.IsHttps ? "__Host-" + WebChatEndpoints.CookieName : WebChatEndpoints.CookieName;

    /// <summary>The session's token when the request carries a valid, live session cookie.</summary>
    public string? Read(HttpRequest request) =>
        Open(request) is { } session && session.Seen + settings.SessionIdle >= time.GetUtcNow() ? session.Token : null;

    /// <summary>
    /// The token of a session this browser had that idled out less than <see cref="WebChatSettings.EndedNotice"/> ago:
    /// its chat is out of reach; it serves only to delete what that chat left and to say so.
    /// </summary>
    public string? Ended(HttpRequest request) =>
        Open(request) is { } session && session.Seen + settings.SessionIdle < time.GetUtcNow() && session.Seen + settings.SessionIdle + settings.EndedNotice >= time.GetUtcNow()
            ? session.Token
            : null;

    private (string Token, DateTimeOffset Seen)? Open(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 1024)
        {
            return null;
        }

        string opened;
        try
        {
            opened = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = opened.Split('|');
        return parts.Length == 2 && RandomToken.LooksLikeToken(parts[0]) && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
            ? (parts[0], DateTimeOffset.FromUnixTimeSeconds(seen))
            : null;
    }

    /// <summary>This browser's chat id: its live session's, else a new session's. The cookie is written again, so idleness counts from now.</summary>
    public long Current(HttpContext http)
    {
        var token = Read(http.Request) ?? RandomToken.New();
        Write(http, token);
        return WebChatEndpoints.ChatIdOf(token);
    }

    /// <summary>A new session for this browser (after a report is filed, or "finish and forget"): the old chat is out of reach.</summary>
    public long Rotate(HttpContext http)
    {
        var token = RandomToken.New();
        Write(http, token);
        return WebChatEndpoints.ChatIdOf(token);
    }

    public void Forget(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http));

    private void Write(HttpContext http, string token)
    {
        var value = _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{token}|{time.GetUtcNow().ToUnixTimeSeconds()}"));
        var options = Options(http);
        // Past its idle time the cookie opens no chat; it is kept a while longer only to say an unfinished report was deleted.
        options.MaxAge = settings.SessionIdle + settings.EndedNotice;
        http.Response.Cookies.Append(CookieName, value, options);
    }

    private CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        Secure = web.IsHttps || http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        // __Host- cookies must have Path=/.
        Path = web.IsHttps ? "/" : "/chat",
        IsEssential = true,
    };
}
