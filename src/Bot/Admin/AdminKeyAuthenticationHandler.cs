using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ChildCare.Bot.Admin;

/// <summary>
/// An integration presenting <c>Admin:ApiKey</c> in <c>X-Api-Key</c>. Without the header: no result (a signed-in
/// administrator may still be let in); with a header that is not the key, or with no key configured: a failure.
/// The challenge and the refusal answer with a problem body; the address a request came from counts for nothing.
/// </summary>
internal sealed partial class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminSettings settings) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminApiKey";
    public const string KeyClaim = "childcare:admin-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AdminSettings.HeaderName, out var presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Hashes of equal length, compared in constant time: neither length nor content leaks through timing.
        var expected = settings.ApiKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(settings.ApiKey));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented.ToString()));
        if (expected is null || !CryptographicOperations.FixedTimeEquals(hash, expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("The administration key is wrong."));
        }

        var identity = new ClaimsIdentity([new Claim(KeyClaim, "1"), new Claim(ClaimTypes.NameIdentifier, "admin-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        LogRefused(Logger, Request.Path, "neither a valid key nor an administrator's session");
        return Problem(StatusCodes.Status401Unauthorized, "Administration needs an administrator",
            $"Sign in as an administrator (the bot's /login link, or the first-start link in the log), or send Admin:ApiKey in the {AdminSettings.HeaderName} header.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        LogRefused(Logger, Request.Path, "a session that may not administer, or a change without its antiforgery token");
        return Problem(StatusCodes.Status403Forbidden, "Administration is for administrators",
            "Only an administrator may do this; a change made from a signed-in browser also needs the page's antiforgery token (the RequestVerificationToken header or form field).");
    }

    private Task Problem(int status, string title, string detail) =>
        Response.HasStarted ? Task.CompletedTask : Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin: refused a request to {Path} with {Credential}")]
    private static partial void LogRefused(ILogger logger, PathString path, string credential);
}
