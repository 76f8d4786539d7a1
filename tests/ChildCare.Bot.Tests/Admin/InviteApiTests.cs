using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Admin;

/// <summary>POST /api/admin/invites refuses what it does not take, naming the field (an outside tester's findings).</summary>
public sealed class InviteApiTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("""{"unit":"quang-ninh","role":"Supervisor","uses":-1,"days":100000}""", "uses", "days")]
    [InlineData("""{"unit":"quang-ninh","role":"Supervisor","maxUses":-1,"validDays":100000}""", "maxUses", "validDays")]
    [InlineData("""{"unit":"quang-ninh","role":"Supervisor","validDays":61}""", "validDays", null)]
    [InlineData("""{"unit":"quang-ninh","role":"Supervisor","maxUses":1001}""", "maxUses", null)]
    [InlineData("""{"unit":"quang-ninh","role":"Admin"}""", "role", null)]
    [InlineData("""{"unit":"quang-ninh","role":1}""", "role", null)]
    [InlineData("""{"role":"Supervisor"}""", "unit", null)]
    [InlineData("""{"unit":"quang-ninh","role":"Supervisor",""", "body", null)]
    [InlineData("""[1,2]""", "body", null)]
    public async Task IssueInvite_AnswersAProblemNamingTheField_WhenTheBodyHasWhatTheApiDoesNotTake(string body, string field, string? other)
    {
        using var client = await StartAsync();

        using var answer = await PostAsync(client, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var errors = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var said) && said[0].GetString()!.Length > 10);
        if (other is not null)
        {
            Assert.True(errors.TryGetProperty(other, out _));
        }

        await using var db = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Persistence.ChildCareDbContext>>().CreateDbContext();
        Assert.Empty(db.Invites);
    }

    [Fact]
    public async Task IssueInvite_TakesTheLimitsOfTheWebForm_WhenTheyAreInRange()
    {
        using var client = await StartAsync();

        using var answer = await PostAsync(client, """{"unit":"quang-ninh","role":"Supervisor","validDays":60,"maxUses":1000}""");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var invite = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1000, invite.GetProperty("maxUses").GetInt32());
    }

    [Fact]
    public async Task OpenApi_SaysOnlyUnitAndRoleAreRequired_AndTheLimits()
    {
        using var client = _app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("InviteRequest");
        Assert.Equal(["role", "unit"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order());
        var days = schema.GetProperty("properties").GetProperty("validDays");
        Assert.Equal(("1", "60"), (days.GetProperty("minimum").ToString(), days.GetProperty("maximum").ToString()));
    }

    private async Task<HttpClient> StartAsync()
    {
        var client = _app.CreateClient();
        var plan = new
        {
            plan = new { code = "invite-test", titleVi = "Thử mời" },
            units = new object[] { new { code = "quang-ninh", nameVi = "Tỉnh Quảng Ninh", nameEn = "Quang Ninh province", kind = "Province" } },
            rules = Array.Empty<object>(),
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/invites", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", ChildCareAppFactory.AdminKey);
        return await client.SendAsync(request);
    }
}
