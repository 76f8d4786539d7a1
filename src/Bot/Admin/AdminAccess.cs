using ChildCare.Bot.SignIn;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace ChildCare.Bot.Admin;

/// <summary>
/// Who may administer: an integration with <c>Admin:ApiKey</c>, or a signed-in administrator whose changes carry
/// the antiforgery token of their session. Declared as authentication schemes and the <see cref="Policy"/>
/// policy; nothing is inferred from the address a request comes from (behind a proxy every request is local).
/// </summary>
internal static class AdminAccess
{
    /// <summary>The admin API: the <c>Admin:ApiKey</c> key, or an administrator's session (with antiforgery for changes).</summary>
    public const string Policy = "AdminKey";

    /// <summary>The two schemes (the session one is the default, so every page and antiforgery see the official) and the policy.</summary>
    public static IServiceCollection AddChildCareAuthentication(this IServiceCollection services, AdminSettings settings)
    {
        services.AddSingleton(settings);
        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, AdministratorHandler>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(SessionAuthenticationHandler.SchemeName, AdminKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new AdministratorRequirement()));
        return services;
    }

    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policy);
        return group;
    }

    internal sealed class AdministratorRequirement : IAuthorizationRequirement;

    /// <summary>The key decides alone when it is sent; otherwise an administrator's session, with antiforgery for changes.</summary>
    private sealed class AdministratorHandler(IAntiforgery antiforgery) : AuthorizationHandler<AdministratorRequirement>
    {
        protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AdministratorRequirement requirement)
        {
            if (context.Resource is not HttpContext http)
            {
                return;
            }

            if (http.Request.Headers.ContainsKey(AdminSettings.HeaderName))
            {
                if (context.User.HasClaim(c => c.Type == AdminKeyAuthenticationHandler.KeyClaim))
                {
                    context.Succeed(requirement);
                }

                return;
            }

            if (!context.User.IsInRole(SessionAuthenticationHandler.AdministratorRole)
                || context.User.Identities.All(i => i.AuthenticationType != SessionAuthenticationHandler.SchemeName))
            {
                return;
            }

            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || await antiforgery.IsRequestValidAsync(http))
            {
                context.Succeed(requirement);
            }
        }
    }
}
