using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// The signed-in official as ASP.NET Core sees them: the <c>cc_session</c> cookie of a session that lasts. The
/// name identifier is a hash of the session token, so antiforgery tokens (which ASP.NET Core ties to it) are
/// bound to this session, not only to the official: a token served to one session is refused in another.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    OfficialSignIn signIn,
    IDbContextFactory<ChildCareDbContext> contexts) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "OfficialSession";
    public const string OfficialClaim = "childcare:official";
    public const string AdministratorRole = "administrator";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (SessionCookie.Read(Request) is not { } token)
        {
            return AuthenticateResult.NoResult();
        }

        var cancellationToken = Context.RequestAborted;
        if (await signIn.OfficialForSessionAsync(token, cancellationToken) is not { } officialId)
        {
            return AuthenticateResult.Fail("The session has ended.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var administrator = await db.Officials.AsNoTracking().Where(o => o.Id == officialId).Select(o => o.IsAdministrator).SingleOrDefaultAsync(cancellationToken);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "session:" + Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(token)))[..32]),
            new(OfficialClaim, officialId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (administrator)
        {
            claims.Add(new Claim(ClaimTypes.Role, AdministratorRole));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    // The pages send people to /login themselves and the APIs write their own problem; here only the status.
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
