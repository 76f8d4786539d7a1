using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ChildCare.Bot.Tests.Admin;

/// <summary>The administrators' endpoints that take a JSON body say what is wrong with one they cannot read, instead of a bare 400.</summary>
public sealed class AdminBodyTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("PUT", "/api/admin/rules", """{"code": "r1", "unit": """, "rule")]
    [InlineData("PUT", "/api/admin/rules", """{"code": "r1", "role": "Mayor"}""", "rule")]
    [InlineData("PUT", "/api/admin/rules", "null", "rule")]
    [InlineData("PUT", "/api/admin/rules/1/themes/2027", "chủ đề", "theme")]
    [InlineData("POST", "/api/admin/announcements", """{"unit": "thanh-hoa", "textVi": 5}""", "announcement")]
    [InlineData("POST", "/api/admin/announcements", """{"textVi": "Thông báo"}""", "announcement")]
    public async Task Endpoint_AnswersAProblemSayingWhatIsWrong_WhenTheBodyCannotBeRead(string method, string path, string body, string field)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", ChildCareAppFactory.AdminKey);

        using var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var said = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.Matches("JSON|empty|required", said);
    }

    [Fact]
    public async Task OpenApi_StillDescribesTheBodies_ReadByTheEndpoints()
    {
        using var client = _app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.True(schemas.TryGetProperty("RuleInput", out _));
        Assert.True(schemas.TryGetProperty("ThemeBody", out _));
        Assert.True(schemas.TryGetProperty("AnnouncementBody", out _));
    }
}
