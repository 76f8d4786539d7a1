using ChildCare.Bot.Admin;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Officials;

namespace ChildCare.Bot.Api;

/// <summary>
/// Who is asking for cases: an integration with a key in <c>X-Api-Key</c> (<see cref="ApiKeySettings"/>), or an
/// official signed in with the <c>cc_session</c> cookie. A key, when sent, decides alone: a wrong one is refused
/// even beside a valid cookie. Neither: 401. A signed-in official who follows no unit: 403.
/// </summary>
internal static partial class CaseAccess
{
    private static readonly object ViewerItem = new();

    public static RouteGroupBuilder RequireCaseViewer(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // Case answers are for the caller only: never kept by a browser or a proxy.
            http.Response.Headers.CacheControl = "no-store";
            var (viewer, refusal) = await ResolveAsync(http);
            if (viewer is null)
            {
                return refusal;
            }

            http.Items[ViewerItem] = viewer;
            return await next(context);
        });
        return group;
    }

    /// <summary>The viewer <see cref="RequireCaseViewer"/> found for this request.</summary>
    public static CaseViewer CaseViewer(this HttpContext http) =>
        http.Items[ViewerItem] as CaseViewer ?? throw new InvalidOperationException("The endpoint is not behind RequireCaseViewer.");

    private static async Task<(CaseViewer? Viewer, IResult? Refusal)> ResolveAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("ChildCare.Api");
        if (http.Request.Headers.TryGetValue(AdminSettings.HeaderName, out var presented))
        {
            if (services.GetRequiredService<ApiKeySettings>().Match(presented.ToString()) is { } key)
            {
                return (key.Viewer(), null);
            }

            LogRefused(logger, "a key that is not one of Api:Keys");
            return (null, Unauthorized($"The {AdminSettings.HeaderName} header does not hold a key of Api:Keys."));
        }

        if (SessionCookie.Read(http.Request) is { } session)
        {
            var signIn = services.GetRequiredService<OfficialSignIn>();
            if (await signIn.OfficialForSessionAsync(session, http.RequestAborted) is not { } officialId)
            {
                LogRefused(logger, "an ended session");
                return (null, Unauthorized("The session has ended. Send /login to the bot for a new sign-in link."));
            }

            var viewer = await services.GetRequiredService<CaseDesk>().ViewerForOfficialAsync(officialId, http.RequestAborted);
            if (viewer is null)
            {
                LogRefused(logger, "an official who follows no unit");
                return (null, Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "No unit",
                    detail: "You follow no unit, so there are no cases for you to read. Join one with an invite code (/join in the bot)."));
            }

            return (viewer, null);
        }

        LogAnonymous(logger);
        return (null, Unauthorized($"Send an integration key in the {AdminSettings.HeaderName} header, or sign in: send /login to the bot."));
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Cases need a key or a signed-in official", detail: detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases API: refused a request with {Credential}")]
    private static partial void LogRefused(ILogger logger, string credential);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases API: refused a request with neither a key nor a session")]
    private static partial void LogAnonymous(ILogger logger);
}
