using ChildCare.Bot.SignIn;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Identity;

namespace ChildCare.Bot.Pages.Accounts;

internal static class AccountServiceCollectionExtensions
{
    /// <summary>
    /// Identity for officials' passkeys: the EF stores in our DbContext, the sign-in manager for the WebAuthn
    /// ceremonies and the short cookie that carries a ceremony's challenge. No password, no Identity application
    /// cookie: a passkey opens the same <c>cc_session</c> as a sign-in link.
    /// </summary>
    public static IServiceCollection AddChildCareAccounts(this IServiceCollection services, WebSettings web)
    {
        services.AddIdentityCore<OfficialAccount>(options =>
            {
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<ChildCareDbContext>()
            .AddSignInManager();
        services.Configure<IdentityPasskeyOptions>(options =>
        {
            // The browser checks the person (fingerprint, face, screen lock), not only the device; and the passkey
            // is discoverable, so signing in needs no name typed first.
            options.UserVerificationRequirement = "required";
            options.ResidentKeyRequirement = "required";
            // The default compares with the request's Origin header, which browsers send as "null" under our
            // Referrer-Policy: no-referrer. The passkey's origin must be the public address (or, without one
            // configured, the address this request came to), never inside another site's frame.
            var publicOrigin = web.PublicBaseUrl.GetLeftPart(UriPartial.Authority);
            options.ValidateOrigin = context =>
            {
                var request = context.HttpContext.Request;
                var origin = context.Origin;
                return ValueTask.FromResult(!context.CrossOrigin && (
                    string.Equals(origin, publicOrigin, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(origin, request.Scheme + "://" + request.Host.Value, StringComparison.OrdinalIgnoreCase)));
            };
        });
        // AddIdentityCore registers no passkey handler of its own (AddIdentity does).
        services.AddScoped<IPasskeyHandler<OfficialAccount>, PasskeyHandler<OfficialAccount>>();
        services.AddAuthentication().AddCookie(IdentityConstants.TwoFactorUserIdScheme, options =>
        {
            options.Cookie.Name = web.IsHttps ? "__Host-cc_passkey" : "cc_passkey";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = web.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
            options.SlidingExpiration = false;
        });
        services.AddAuthorizationBuilder().AddPolicy(AccountEndpoints.OfficialPolicy, policy => policy
            .AddAuthenticationSchemes(SessionAuthenticationHandler.SchemeName)
            .RequireClaim(SessionAuthenticationHandler.OfficialClaim));
        // Pages of this folder are Razor components rendered on the server (no interactivity, no script of Blazor's).
        services.AddRazorComponents();
        return services;
    }
}
