using System.Globalization;
using ChildCare.Bot.Admin;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Accounts;

/// <summary>
/// Officials' accounts on the web: joining a unit from an invite with a passkey (<c>/join/{code}</c>), signing in
/// with a passkey (<c>/login/passkey</c>), adding a passkey (<c>/account</c>), and the one-time sign-in link an
/// administrator makes for a named official. A passkey sign-in opens the same session (the <c>cc_session</c>
/// cookie, <see cref="SessionCookie"/>) as a link does, so every page sees the same principal either way.
/// </summary>
/// <remarks>
/// The WebAuthn ceremonies are Identity's (<see cref="SignInManager{TUser}"/>): it keeps the challenge between the
/// options and the answer in a short-lived cookie of <see cref="IdentityConstants.TwoFactorUserIdScheme"/>. Every
/// post carries the antiforgery token; the options posts too, so another site cannot start a ceremony here.
/// </remarks>
internal static partial class AccountEndpoints
{
    public const string JoinPath = "/join";
    public const string PasskeyPath = "/login/passkey";
    public const string AccountPath = "/account";
    public const string SignInLinkPath = "/accounts/sign-in-link";

    /// <summary>Signed in with a session (link or passkey): the claim <see cref="SessionAuthenticationHandler"/> sets.</summary>
    public const string OfficialPolicy = "AccountOfficial";

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/passkey.js", Script).ExcludeFromDescription();
        app.MapGet(JoinPath + "/{code}", ShowJoinAsync).ExcludeFromDescription();
        app.MapPost(JoinPath + "/{code}/options", JoinOptionsAsync).ExcludeFromDescription();
        app.MapPost(JoinPath + "/{code}", JoinAsync).ExcludeFromDescription();
        app.MapGet(PasskeyPath, (HttpContext http) => PasskeyView(http, failed: false)).ExcludeFromDescription();
        app.MapPost(PasskeyPath + "/options", SignInOptionsAsync).ExcludeFromDescription();
        app.MapPost(PasskeyPath, PasskeySignInAsync).ExcludeFromDescription();

        var account = app.MapGroup(AccountPath).RequireAuthorization(OfficialPolicy).ExcludeFromDescription();
        account.MapGet("", ShowAccountAsync);
        account.MapPost("/passkey/options", AddPasskeyOptionsAsync);
        account.MapPost("/passkey", AddPasskeyAsync);

        // The administrator's form on the units page; the same action for scripts is in the admin API.
        app.MapPost(SignInLinkPath, SignInLinkPageAsync).RequireAuthorization(AdminAccess.Policy).ExcludeFromDescription();
        return app;
    }

    /// <summary>POST /api/admin/officials/{officialId}/sign-in-link, in the admin API group (administrator session or admin key).</summary>
    public static RouteGroupBuilder MapAccountAdminApi(this RouteGroupBuilder api)
    {
        api.MapPost("/officials/{officialId:long}/sign-in-link", IssueLinkAsync)
            .WithName("IssueSignInLink")
            .WithSummary("A one-time sign-in link for a named official, valid 24 hours, to hand over in person or by phone; shown only in this answer.")
            .Produces<SignInLinkAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    internal sealed record SignInLinkAnswer(string Link, DateTimeOffset ExpiresAt);

    private static async Task<IResult> IssueLinkAsync(long officialId, HttpContext http, OfficialSignIn signIn, WebSettings web, CancellationToken cancellationToken)
    {
        var link = await signIn.IssueHandoverLinkAsync(officialId, cancellationToken);
        return link is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such official, or they follow no unit.")
            : Results.Ok(new SignInLinkAnswer(web.Link(SignInEndpoints.PagePath + "/" + link.Token, http.Request).AbsoluteUri, link.ExpiresAt));
    }

    private static IResult Script(HttpContext http)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        var stream = typeof(AccountEndpoints).Assembly.GetManifestResourceStream("ChildCare.Bot.Pages.Accounts.Assets.passkey.js")
            ?? throw new InvalidOperationException("passkey.js is missing from the build.");
        return Results.Stream(stream, "text/javascript; charset=utf-8");
    }

    // ---- Join -------------------------------------------------------------------------------------------------

    private static async Task<IResult> ShowJoinAsync(string code, HttpContext http, WebJoin join, CancellationToken cancellationToken)
    {
        var invite = await join.FindAsync(code, cancellationToken);
        return JoinView(http, code, invite, name: null, error: null);
    }

    private static async Task<IResult> JoinOptionsAsync(string code, IFormCollection form, HttpContext http, WebJoin join, SignInManager<OfficialAccount> signInManager, CancellationToken cancellationToken)
    {
        if (await join.FindAsync(code, cancellationToken) is null)
        {
            return Results.NotFound();
        }

        if (Name(form) is not { } name)
        {
            return Results.BadRequest();
        }

        // The account's key is chosen now, before anyone exists: the passkey keeps it as its user handle.
        var options = await signInManager.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = Guid.NewGuid().ToString(), Name = name, DisplayName = name });
        NoStore(http.Response);
        return Results.Content(options, "application/json");
    }

    private static async Task<IResult> JoinAsync(
        string code, IFormCollection form, HttpContext http, WebJoin join, OfficialSignIn signIn, WebSettings web,
        SignInManager<OfficialAccount> signInManager, UserManager<OfficialAccount> users, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var invite = await join.FindAsync(code, cancellationToken);
        if (invite is null)
        {
            return JoinView(http, code, null, null, null, StatusCodes.Status404NotFound);
        }

        var name = Name(form);
        if (name is null)
        {
            return JoinView(http, code, invite, null, "NameRequired", StatusCodes.Status400BadRequest);
        }

        if (await AttestAsync(form, signInManager, loggers.CreateLogger(typeof(AccountEndpoints))) is not { } attested)
        {
            return JoinView(http, code, invite, name, "JoinFailed", StatusCodes.Status400BadRequest);
        }

        var officialId = await join.JoinAsync(code, name, Language(http), cancellationToken);
        if (officialId is null)
        {
            return JoinView(http, code, null, null, null, StatusCodes.Status404NotFound);
        }

        var account = new OfficialAccount { Id = attested.UserEntity!.Id, UserName = AccountName(officialId.Value), OfficialId = officialId.Value };
        if (!(await users.CreateAsync(account)).Succeeded || !(await users.AddOrUpdatePasskeyAsync(account, attested.Passkey!)).Succeeded)
        {
            LogAccountRefused(loggers.CreateLogger(typeof(AccountEndpoints)), officialId.Value);
            await join.UndoAsync(officialId.Value, code, cancellationToken);
            return JoinView(http, code, invite, name, "JoinFailed", StatusCodes.Status400BadRequest);
        }

        return await SignedInAsync(http, signIn, web, officialId.Value, cancellationToken);
    }

    private static RazorComponentResult<JoinPage> JoinView(HttpContext http, string code, WebInvite? invite, string? name, string? error, int status = StatusCodes.Status200OK)
    {
        var language = Language(http);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Page<JoinPage>(http, status, new Dictionary<string, object?>
        {
            ["Language"] = language,
            ["Invite"] = invite,
            ["Code"] = code,
            ["Name"] = name,
            ["Error"] = error,
            ["TokenField"] = tokens.FormFieldName,
            ["Token"] = tokens.RequestToken,
            ["RoleName"] = invite is null ? "" : DashboardTexts.Get("Role" + invite.Role, language),
        });
    }

    // ---- Passkey sign-in --------------------------------------------------------------------------------------

    private static async Task<IResult> SignInOptionsAsync(IFormCollection form, HttpContext http, SignInManager<OfficialAccount> signInManager)
    {
        // No user named: the browser offers the passkeys it holds for this site (discoverable credentials).
        var options = await signInManager.MakePasskeyRequestOptionsAsync(null);
        NoStore(http.Response);
        return Results.Content(options, "application/json");
    }

    private static async Task<IResult> PasskeySignInAsync(
        IFormCollection form, HttpContext http, OfficialSignIn signIn, WebSettings web, ILoggerFactory loggers,
        SignInManager<OfficialAccount> signInManager, UserManager<OfficialAccount> users, CancellationToken cancellationToken)
    {
        string? credential = form["credential"];
        PasskeyAssertionResult<OfficialAccount>? result = null;
        if (!string.IsNullOrEmpty(credential))
        {
            try
            {
                result = await signInManager.PerformPasskeyAssertionAsync(credential);
            }
            catch (InvalidOperationException)
            {
                // No ceremony under way in this browser (the short cookie expired or was never set).
            }
        }

        if (result is not { Succeeded: true, User: { } account, Passkey: { } passkey })
        {
            LogPasskeyRefused(loggers.CreateLogger(typeof(AccountEndpoints)), "assertion", result?.Failure?.Message ?? "no ceremony under way");
            return PasskeyView(http, failed: true);
        }

        // The signature count and flags the authenticator reported this time.
        await users.AddOrUpdatePasskeyAsync(account, passkey);
        return await SignedInAsync(http, signIn, web, account.OfficialId, cancellationToken, failed: () => PasskeyView(http, failed: true));
    }

    private static RazorComponentResult<PasskeySignInPage> PasskeyView(HttpContext http, bool failed)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Page<PasskeySignInPage>(http, failed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["Language"] = Language(http),
            ["Failed"] = failed,
            ["TokenField"] = tokens.FormFieldName,
            ["Token"] = tokens.RequestToken,
        });
    }

    // ---- My account -------------------------------------------------------------------------------------------

    private static async Task<IResult> ShowAccountAsync(string? m, HttpContext http, UserManager<OfficialAccount> users, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken) =>
        await AccountPageAsync(http, users, contexts, added: m == "added", failed: m == "failed", cancellationToken);

    private static async Task<IResult> AccountPageAsync(HttpContext http, UserManager<OfficialAccount> users, IDbContextFactory<ChildCareDbContext> contexts, bool added, bool failed, CancellationToken cancellationToken)
    {
        var officialId = OfficialId(http);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.AsNoTracking().Where(o => o.Id == officialId).Select(o => new { o.DisplayName, o.Language }).SingleAsync(cancellationToken);
        var account = await users.Users.SingleOrDefaultAsync(a => a.OfficialId == officialId, cancellationToken);
        var passkeys = account is null ? 0 : (await users.GetPasskeysAsync(account)).Count;
        var pushEndpoints = await db.DeliveryEndpoints.CountAsync(e => e.OfficialId == officialId, cancellationToken);
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Page<AccountPage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["Language"] = official.Language,
            ["Name"] = official.DisplayName ?? DashboardTexts.Format("ActorOfficial", official.Language, officialId),
            ["Passkeys"] = passkeys,
            ["PushEndpoints"] = pushEndpoints,
            ["Added"] = added,
            ["Failed"] = failed,
            ["TokenField"] = tokens.FormFieldName,
            ["Token"] = tokens.RequestToken,
        });
    }

    private static async Task<IResult> AddPasskeyOptionsAsync(
        IFormCollection form, HttpContext http, SignInManager<OfficialAccount> signInManager, UserManager<OfficialAccount> users,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var officialId = OfficialId(http);
        var account = await users.Users.SingleOrDefaultAsync(a => a.OfficialId == officialId, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var name = await db.Officials.Where(o => o.Id == officialId).Select(o => o.DisplayName).SingleOrDefaultAsync(cancellationToken) ?? AccountName(officialId);
        var options = await signInManager.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = account?.Id ?? Guid.NewGuid().ToString(), Name = name, DisplayName = name });
        NoStore(http.Response);
        return Results.Content(options, "application/json");
    }

    private static async Task<IResult> AddPasskeyAsync(
        IFormCollection form, HttpContext http, WebSettings web, SignInManager<OfficialAccount> signInManager, UserManager<OfficialAccount> users, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var officialId = OfficialId(http);
        var attested = await AttestAsync(form, signInManager, loggers.CreateLogger(typeof(AccountEndpoints)));
        var account = await users.Users.SingleOrDefaultAsync(a => a.OfficialId == officialId, cancellationToken);
        var done = false;
        if (attested is not null)
        {
            if (account is null)
            {
                account = new OfficialAccount { Id = attested.UserEntity!.Id, UserName = AccountName(officialId), OfficialId = officialId };
                done = (await users.CreateAsync(account)).Succeeded;
            }
            else
            {
                // The options named this account: an answer made for another one is refused.
                done = account.Id == attested.UserEntity!.Id;
            }

            done = done && (await users.AddOrUpdatePasskeyAsync(account, attested.Passkey!)).Succeeded;
        }

        return PageResults.SeeOther(http, web.Link(AccountPath + "?m=" + (done ? "added" : "failed"), http.Request));
    }

    // ---- The administrator's link -----------------------------------------------------------------------------

    private static async Task<IResult> SignInLinkPageAsync(IFormCollection form, HttpContext http, OfficialSignIn signIn, WebSettings web, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var adminId = OfficialId(http);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var language = await db.Officials.AsNoTracking().Where(o => o.Id == adminId).Select(o => o.Language).SingleOrDefaultAsync(cancellationToken);
        SignInToken? link = null;
        string? name = null;
        if (long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var officialId))
        {
            name = await db.Officials.AsNoTracking().Where(o => o.Id == officialId).Select(o => o.DisplayName).SingleOrDefaultAsync(cancellationToken);
            link = await signIn.IssueHandoverLinkAsync(officialId, cancellationToken);
        }

        return Page<SignInLinkPage>(http, link is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["Language"] = language,
            ["Link"] = link is null ? null : web.Link(SignInEndpoints.PagePath + "/" + link.Token, http.Request).AbsoluteUri,
            ["Name"] = name ?? DashboardTexts.Format("ActorOfficial", language, officialId),
            ["ExpiresAt"] = link is null ? "" : Core.Cases.CaseNotifier.Local(link.ExpiresAt),
        });
    }

    // ---- Shared -----------------------------------------------------------------------------------------------

    private static async Task<PasskeyAttestationResult?> AttestAsync(IFormCollection form, SignInManager<OfficialAccount> signInManager, ILogger logger)
    {
        string? credential = form["credential"];
        if (string.IsNullOrEmpty(credential))
        {
            return null;
        }

        try
        {
            var result = await signInManager.PerformPasskeyAttestationAsync(credential);
            if (result is { Succeeded: true, UserEntity: not null, Passkey: not null })
            {
                return result;
            }

            LogPasskeyRefused(logger, "attestation", result.Failure?.Message);
            return null;
        }
        catch (InvalidOperationException)
        {
            // No ceremony under way in this browser (the short cookie expired or was never set).
            LogPasskeyRefused(logger, "attestation", "no ceremony under way");
            return null;
        }
    }

    private static async Task<IResult> SignedInAsync(HttpContext http, OfficialSignIn signIn, WebSettings web, long officialId, CancellationToken cancellationToken, Func<IResult>? failed = null)
    {
        var session = await signIn.StartSessionAsync(officialId, cancellationToken);
        if (session is null)
        {
            return failed?.Invoke() ?? Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        SessionCookie.Write(http, web, session);
        NoStore(http.Response);
        return PageResults.SeeOther(http, web.Link(SignInEndpoints.PagePath, http.Request));
    }

    private static RazorComponentResult<TComponent> Page<TComponent>(HttpContext http, int status, Dictionary<string, object?> parameters)
        where TComponent : Microsoft.AspNetCore.Components.IComponent
    {
        NoStore(http.Response);
        http.Response.Headers.ContentSecurityPolicy = PageResults.ContentSecurityPolicy;
        return new RazorComponentResult<TComponent>(parameters) { StatusCode = status };
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string? Name(IFormCollection form) =>
        form["name"].ToString().Trim() is { Length: > 0 and <= WebJoin.MaxNameLength } name ? name : null;

    private static string AccountName(long officialId) => "official-" + officialId.ToString(CultureInfo.InvariantCulture);

    private static long OfficialId(HttpContext http) =>
        long.Parse(http.User.FindFirst(SessionAuthenticationHandler.OfficialClaim)!.Value, CultureInfo.InvariantCulture);

    private static Language Language(HttpContext http) =>
        Languages.FromCode(http.Request.Headers.AcceptLanguage.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Split(';')[0]);

    // The failure says what the browser's answer lacked (origin, challenge, signature); it holds no personal data.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Passkeys: an {Ceremony} was refused: {Reason}")]
    private static partial void LogPasskeyRefused(ILogger logger, string ceremony, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web join: the account or passkey of official {OfficialId} could not be stored; the join was undone")]
    private static partial void LogAccountRefused(ILogger logger, long officialId);
}
