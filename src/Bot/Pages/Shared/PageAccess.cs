using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>
/// Who may open which page, declared on the route groups: <see cref="Official"/> (a signed-in official),
/// <see cref="CaseWorker"/> (an official who follows a unit: the case pages, where the case itself then decides,
/// "not yours" answering the same 404 as "does not exist") and <see cref="Administrator"/>. A page refused to
/// someone not signed in sends them to sign in; refused to an official, it says why (403) in their language.
/// </summary>
internal static class PageAccess
{
    public const string Official = "Official";
    public const string CaseWorker = "CaseWorker";
    public const string Administrator = "Administrator";

    public static IServiceCollection AddChildCarePageAccess(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuthorizationHandler, FollowsUnitHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PageRefusals>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Official, policy => policy.AddAuthenticationSchemes(SessionAuthenticationHandler.SchemeName)
                .RequireClaim(SessionAuthenticationHandler.OfficialClaim))
            .AddPolicy(CaseWorker, policy => policy.AddAuthenticationSchemes(SessionAuthenticationHandler.SchemeName)
                .RequireClaim(SessionAuthenticationHandler.OfficialClaim)
                .AddRequirements(new FollowsUnitRequirement()))
            .AddPolicy(Administrator, policy => policy.AddAuthenticationSchemes(SessionAuthenticationHandler.SchemeName)
                .RequireClaim(SessionAuthenticationHandler.OfficialClaim)
                .RequireRole(SessionAuthenticationHandler.AdministratorRole));
        return services;
    }

    /// <summary>The group every officials' page hangs from: left out of the API description, refusals answered as pages.</summary>
    public static RouteGroupBuilder MapPages(this IEndpointRouteBuilder app) =>
        app.MapGroup("").WithMetadata(new PageMarker()).ExcludeFromDescription();

    /// <summary>Marks an endpoint as a page: its refusals are pages (sign in, or why not), not problem answers.</summary>
    internal sealed class PageMarker;

    internal sealed class FollowsUnitRequirement : IAuthorizationRequirement;

    private sealed class FollowsUnitHandler : AuthorizationHandler<FollowsUnitRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, FollowsUnitRequirement requirement)
        {
            if (context.Resource is HttpContext http && await DashboardUser.ForRequestAsync(http) is { Viewer: not null })
            {
                context.Succeed(requirement);
            }
        }
    }

    /// <summary>A page refused: to sign-in (303) without a session; otherwise a 403 page saying why.</summary>
    private sealed class PageRefusals(WebSettings web) : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Succeeded || context.GetEndpoint()?.Metadata.GetMetadata<PageMarker>() is null)
            {
                await _default.HandleAsync(next, context, policy, authorizeResult);
                return;
            }

            var noUnit = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<FollowsUnitRequirement>().Any() == true;
            await RefuseAsync(context, web, noUnit);
        }
    }

    /// <summary>
    /// A page refused, answered as a page: to sign-in (303) without a session; otherwise a 403 page saying why (no
    /// unit followed, or administrators only).
    /// </summary>
    public static async Task RefuseAsync(HttpContext context, WebSettings web, bool noUnit)
    {
        var user = await DashboardUser.ForRequestAsync(context);
        if (user is null)
        {
            await PageResults.SeeOther(context, web.Link(SignInEndpoints.PagePath, context.Request)).ExecuteAsync(context);
            return;
        }

        var page = noUnit
            ? new Refusal.Model(DashboardTexts.Get("NoUnitTitle", user.Language), DashboardTexts.Get(user.IsAdministrator ? "NoUnitAdministrator" : "NoUnit", user.Language),
                user.IsAdministrator ? "attention" : null, user.IsAdministrator ? DashboardTexts.Get("NoUnitAttentionLink", user.Language) : null)
            : new Refusal.Model(DashboardTexts.Get("AdminOnlyTitle", user.Language), DashboardTexts.Get("AdminOnly", user.Language), "overview", DashboardTexts.Get("BackToOverview", user.Language));
        await PageResults.Page<Refusal>(context, new { User = user, Page = page }, StatusCodes.Status403Forbidden).ExecuteAsync(context);
    }
}
