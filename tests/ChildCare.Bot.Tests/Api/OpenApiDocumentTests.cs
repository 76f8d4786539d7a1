using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;

namespace ChildCare.Bot.Tests.Api;

/// <summary>
/// The API description at /openapi/v1.json, read and validated by OpenAPI.NET (Microsoft.OpenApi, the library ASP.NET
/// Core writes it with) with its default rule set; and what it must declare: schemes, parameter types, answers.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Document_ReadsAndValidatesWithoutErrors_WithTheStandardValidator()
    {
        using var client = _app.CreateClient();
        await using var stream = await client.GetStreamAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var read = await OpenApiDocument.LoadAsync(stream, "json");

        Assert.NotNull(read.Document);
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.Empty(read.Document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task Document_TypesNumbersAsIntegersAndDatesAsDates_WhenTheHandlersReadText()
    {
        var document = await DocumentAsync();

        Assert.Equal("integer", Parameter(document, "/api/calendar/solar", "year").GetProperty("type").GetString());
        Assert.Equal("integer", Parameter(document, "/api/calendar/solar", "month").GetProperty("type").GetString());
        Assert.Equal("integer", Parameter(document, "/api/calendar/solar", "day").GetProperty("type").GetString());
        Assert.Equal("boolean", Parameter(document, "/api/calendar/solar", "leap").GetProperty("type").GetString());
        Assert.Equal("integer", Parameter(document, "/api/calendar/holidays", "year").GetProperty("type").GetString());
        Assert.Equal("integer", Parameter(document, "/api/cases", "limit").GetProperty("type").GetString());
        Assert.Equal("integer", Parameter(document, "/api/deadlines/upcoming", "days").GetProperty("type").GetString());
        var date = Parameter(document, "/api/calendar/lunar", "date");
        Assert.Equal(("string", "date"), (date.GetProperty("type").GetString(), date.GetProperty("format").GetString()));
    }

    [Fact]
    public async Task Document_DeclaresBothWaysInAndTheRefusals_OnTheAdministratorsOperations()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var operation = document.GetProperty("paths").GetProperty("/api/admin/officials/{officialId}/sign-in-link").GetProperty("post");

        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.Equal("cookie", schemes.GetProperty("SessionCookie").GetProperty("in").GetString());
        var required = operation.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(["ApiKey", "SessionCookie"], required);
        foreach (var status in new[] { "400", "401", "403", "404" })
        {
            Assert.True(operation.GetProperty("responses").TryGetProperty(status, out _), status);
        }

        Assert.False(document.GetProperty("paths").GetProperty("/api/calendar/lunar").GetProperty("get").TryGetProperty("security", out _));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = _app.CreateClient();
        using var answer = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement Parameter(JsonElement document, string path, string name) =>
        document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == name).GetProperty("schema");
}
