using Microsoft.AspNetCore.HttpOverrides;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// The service as it sits behind TLS termination: the client's address and scheme come from
/// <c>X-Forwarded-For</c>/<c>-Proto</c> only when a configured proxy sent them; with an https public address,
/// cookies are Secure with <c>__Host-</c> names and HSTS is sent; a malformed request (a form without its
/// antiforgery token, a body that does not bind) is a 400 in every environment, never a 500 with a stack trace.
/// </summary>
internal static class WebFront
{
    public static IServiceCollection AddChildCareWebFront(this IServiceCollection services, WebSettings web)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core believes loopback by default; here only what Web:KnownProxies and Web:KnownNetworks name.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in web.KnownProxies)
            {
                options.KnownProxies.Add(proxy);
            }

            foreach (var network in web.KnownNetworks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = false;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = web.IsHttps ? "__Host-cc_af" : "cc_af";
            options.Cookie.SecurePolicy = web.IsHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.Path = "/";
        });
        return services;
    }

    public static WebApplication UseChildCareWebFront(this WebApplication app, WebSettings web)
    {
        if (web.HasProxies)
        {
            app.UseForwardedHeaders();
        }

        if (web.IsHttps)
        {
            app.UseHsts();
        }

        return app;
    }
}
