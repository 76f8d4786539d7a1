namespace ChildCare.Bot.Pages.Shared;

/// <summary>The pages' stylesheets and icon, embedded in the build so a published service needs no wwwroot.</summary>
internal static class Assets
{
    public static IEndpointRouteBuilder MapPageAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/dashboard.css", (HttpContext http) => Stylesheet(http, "dashboard.css")).ExcludeFromDescription();
        app.MapGet("/assets/plans.css", (HttpContext http) => Stylesheet(http, "plans.css")).ExcludeFromDescription();
        // The tab's icon: the logo's ring, so browsers stop asking for a /favicon.ico that is not there.
        app.MapGet("/assets/icon.svg", Icon).ExcludeFromDescription();
        app.MapGet("/favicon.ico", Icon).ExcludeFromDescription();
        return app;
    }

    private static IResult Icon() => Results.Text(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"15\" fill=\"#0f6e6e\"/><circle cx=\"16\" cy=\"16\" r=\"9\" fill=\"#fff\" stroke=\"#f6b73c\" stroke-width=\"5\"/></svg>",
        "image/svg+xml");

    private static IResult Stylesheet(HttpContext http, string name)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        var stream = typeof(Assets).Assembly.GetManifestResourceStream("ChildCare.Bot.Pages.Assets." + name)
            ?? throw new InvalidOperationException($"The stylesheet {name} is missing from the build.");
        return Results.Stream(stream, "text/css; charset=utf-8");
    }
}
