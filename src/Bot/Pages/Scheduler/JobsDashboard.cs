using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using Hangfire;
using Hangfire.Dashboard;

namespace ChildCare.Bot.Pages.Scheduler;

/// <summary>
/// Hangfire's own dashboard at <c>/hangfire</c>, for administrators: every job, queue, server, retry and failure,
/// with its engineer words. Officials read <see cref="SchedulerPage"/> instead.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/hangfire";

    // Ours with inline style attributes allowed: Hangfire's pages carry them (bars, graphs); scripts stay 'self'.
    public const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        var options = new DashboardOptions
        {
            AppPath = SchedulerEndpoints.Path,
            DashboardTitle = "ChildCare jobs",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new AdministratorsOnly()],
        };

        var dashboard = app.MapHangfireDashboard(Path, options, app.ServiceProvider.GetRequiredService<JobStorage>());
        dashboard.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    context.Response.Headers.XContentTypeOptions = "nosniff";
                    context.Response.Headers["Referrer-Policy"] = "no-referrer";
                    return Task.CompletedTask;
                });
                return inner(context);
            };
        });
        dashboard.ExcludeFromDescription();
        return dashboard;
    }

    /// <summary>
    /// The dashboard sign-in, as on our own pages: nobody signed in is sent to sign in, a signed-in official who is
    /// not an administrator gets the 403 page. Hangfire sends 401 for a refusal it answers itself.
    /// </summary>
    private sealed class AdministratorsOnly : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (await DashboardUser.ForRequestAsync(http) is { IsAdministrator: true })
            {
                return true;
            }

            if (HttpMethods.IsGet(http.Request.Method))
            {
                // Answered here as our pages answer (sign in, or a 403 page), so Hangfire's 401 does not replace it.
                // Hangfire serves its pages under the path base /hangfire: the way to sign in is at the site's root.
                http.Request.PathBase = PathString.Empty;
                await PageAccess.RefuseAsync(http, http.RequestServices.GetRequiredService<WebSettings>(), noUnit: false);
                await http.Response.StartAsync(http.RequestAborted);
            }

            return false;
        }
    }
}
