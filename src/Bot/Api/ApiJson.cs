using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChildCare.Bot.Api;

/// <summary>
/// A JSON body read by the endpoint rather than bound by the framework: a body that is not JSON, not the expected
/// object or empty is answered with a problem that says so and where (the framework's binding answers a bare 400).
/// </summary>
internal static class ApiJson
{
    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer, under <paramref name="field"/>.</summary>
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, string field, string example, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            if (await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken) is { } value)
            {
                return (value, null);
            }
        }
        catch (JsonException e)
        {
            return (null, Problem(field, $"The body is not JSON of the expected shape ({e.Message.Split(" Path:")[0].TrimEnd('.')} at {e.Path ?? "$"}, line {e.LineNumber + 1}). Expected, e.g.: {example}"));
        }

        return (null, Problem(field, $"The body is empty or null. Expected, e.g.: {example}"));
    }

    private static ValidationProblem Problem(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] });
}
