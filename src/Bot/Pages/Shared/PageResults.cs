using Microsoft.AspNetCore.Http.HttpResults;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>
/// How a page is answered: a Razor component rendered on the server (no script, no circuit), with the headers that
/// keep a page of case data private: no caching, no framing, no script, styles from us only.
/// </summary>
internal static class PageResults
{
    public const string ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>The component <typeparamref name="TPage"/> with these parameters (an anonymous object), as the whole answer.</summary>
    public static IResult Page<TPage>(HttpContext http, object parameters, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        Secure(http.Response);
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8", PreventStreamingRendering = true };
    }

    public static void Secure(HttpResponse response)
    {
        // "no-cache" as well as "no-store": what antiforgery sets on a page with a form. With "no-store" alone it
        // overrode the header on every officials' page and logged a warning each time.
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>The relative way back to the root from the request's path: "" for <c>/units</c>, "../" for <c>/directory/places</c>.</summary>
    public static string RootOf(HttpRequest request)
    {
        var depth = (request.Path.Value ?? "/").TrimStart('/').Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("../", depth));
    }

    /// <summary>303 to <paramref name="location"/>: the browser asks for it with GET, and a reload does not post again.</summary>
    public static IResult SeeOther(HttpContext http, Uri location)
    {
        Secure(http.Response);
        http.Response.Headers.Location = location.AbsoluteUri;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
