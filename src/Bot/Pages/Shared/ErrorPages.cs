using ChildCare.Core.Localization;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>
/// What an answer without a body becomes: for a browser (it asks for HTML) outside the API, a styled page in its
/// language; for everyone else the problem details the API has always answered.
/// </summary>
internal static class ErrorPages
{
    public static WebApplication UseChildCareErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = async http =>
            {
                if (WantsPage(http.Request))
                {
                    await RenderAsync(http);
                    return;
                }

                await WriteProblemAsync(http);
            },
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (WantsPage(http.Request))
            {
                await RenderAsync(http);
                return;
            }

            await WriteProblemAsync(http);
        });
        return app;
    }

    private static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/openapi") && !request.Path.StartsWithSegments("/health")
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static async Task RenderAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var user = await DashboardUser.ForRequestAsync(http);
        var language = user?.Language ?? Languages.FromCode(http.Request.Headers.AcceptLanguage.ToString().Split(',', ';')[0].Trim());
        // The path that failed may be deep (/directory/places/9/x): the links are relative to it.
        var root = PageResults.RootOf(http.Request);
        await PageResults.Page<ErrorPage>(http, new { User = user, Language = language, Status = status, Root = root }, status).ExecuteAsync(http);
    }

    private static async Task WriteProblemAsync(HttpContext http)
    {
        var problems = http.RequestServices.GetService<IProblemDetailsService>();
        if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } }))
        {
            await http.Response.WriteAsync($"Status Code: {http.Response.StatusCode}");
        }
    }
}
