using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Bot.Tests.Plans;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Accounts;

/// <summary>The one-time sign-in link an administrator makes for a named official: 24 hours, once.</summary>
public sealed class SignInLinkTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task IssueSignInLink_AnswersALinkThatWorksOnce_WhenTheOfficialFollowsAUnit()
    {
        var official = await OfficialIdAsync(5201);
        using var client = _app.CreateClient();

        using var answer = await client.AdminPostAsJsonAsync($"/api/admin/officials/{official}/sign-in-link", new { });
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var link = new Uri(body.GetProperty("link").GetString()!);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var lifetime = body.GetProperty("expiresAt").GetDateTimeOffset() - _app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        Assert.InRange(lifetime.TotalHours, 23.9, 24.1);
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var first = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        using var second = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    [Fact]
    public async Task IssueSignInLink_Answers404_WhenNoSuchOfficial()
    {
        using var client = _app.CreateClient();

        using var answer = await client.AdminPostAsJsonAsync("/api/admin/officials/987654/sign-in-link", new { });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task IssueSignInLink_IsRefused_WithoutTheAdministratorsKeyOrSession()
    {
        using var client = _app.CreateClient();

        using var answer = await client.PostAsJsonAsync($"/api/admin/officials/{await OfficialIdAsync(5201)}/sign-in-link", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task SignInLinkPage_IsForbidden_WhenAnOfficialWhoIsNoAdministratorPosts()
    {
        var official = await OfficialIdAsync(5201);
        using var browser = await PlanTestApp.SignedInAsync(_app, 5201);
        using var units = await browser.GetAsync(new Uri("/account", UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(await units.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        token = WebUtility.HtmlDecode(token);

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("id", official.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        using var answer = await browser.PostAsync(new Uri("/accounts/sign-in-link", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
    }

    private async Task<long> OfficialIdAsync(long chatId)
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        await PlanTestApp.JoinAsync(_app, chatId, PlanTestApp.Commune);
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        return await db.Officials.Where(o => o.ChatId == chatId).Select(o => o.Id).SingleAsync();
    }
}
