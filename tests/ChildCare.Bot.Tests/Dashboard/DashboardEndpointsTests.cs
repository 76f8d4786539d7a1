using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>The case pages over HTTP: only for signed-in officials, and no change without the antiforgery token.</summary>
public sealed partial class DashboardEndpointsTests : IAsyncDisposable
{
    private const long Lan = 7001;
    private ChildCareAppFactory? _app;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pages_RedirectToSignIn_WhenNotSignedIn()
    {
        var app = await StartAsync();
        var code = await FileAsync(app);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var url in new[] { "/cases", "/cases?risk=High", $"/cases/{code}" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
            Assert.DoesNotContain(code, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_IsRefusedWith400_WithoutTheAntiforgeryToken()
    {
        var app = await StartAsync();
        var code = await FileAsync(app);
        using var browser = await SignedInAsync(app);

        using (var forged = await browser.PostAsync(new Uri($"/cases/{code}/take", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        await using (var db = Db(app))
        {
            Assert.Null((await db.Cases.SingleAsync()).AssigneeId);
        }

        // The same post with the token of the case page goes through and comes back to the page with a message.
        string token;
        using (var page = await browser.GetAsync(new Uri($"/cases/{code}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(page.Headers.CacheControl?.NoStore, "the page is not kept by a browser or a proxy");
            Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Em bé bị bỏ đói &lt;b&gt;", html, StringComparison.Ordinal);
            token = AntiforgeryToken().Match(html).Groups[1].Value;
        }

        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        using (var taken = await browser.PostAsync(new Uri($"/cases/{code}/take", UriKind.Relative), form))
        {
            Assert.Equal(HttpStatusCode.SeeOther, taken.StatusCode);
            Assert.Equal($"/cases/{code}", taken.Headers.Location?.AbsolutePath);
        }

        await using (var db = Db(app))
        {
            Assert.NotNull((await db.Cases.SingleAsync()).AssigneeId);
        }

        using var missing = await browser.GetAsync(new Uri("/cases/TE-2000-999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>
    /// An official of another province posting a referral on a case not theirs once learnt that it exists, and in
    /// which province ("no such commune" there, "not found" for a missing code). Now both answers are the same.
    /// </summary>
    [Fact]
    public async Task Refer_OnAnotherUnitsCase_AnswersExactlyAsForAMissingCode()
    {
        var app = await StartAsync();
        var code = await FileAsync(app);
        const long Minh = 7002;
        using (var client = app.CreateClient())
        {
            var plan = new
            {
                plan = new { code = "dashboard-test-2", titleVi = "Đơn vị thử 2" },
                units = new object[]
                {
                    new { code = "ha-noi", nameVi = "Thành phố Hà Nội", nameEn = "Ha Noi", kind = "Province" },
                    new { code = "ha-noi/hoan-kiem", nameVi = "Phường Hoàn Kiếm", nameEn = "Hoan Kiem ward", kind = "Ward", parent = "ha-noi" },
                },
                rules = Array.Empty<object>(),
            };
            using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = "ha-noi/hoan-kiem", role = "Supervisor" });
            var invited = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            await app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", Minh, Language.Vi, "Minh"), invited, CancellationToken.None);
        }

        using var browser = await SignedInAsync(app, Minh);
        string token;
        using (var page = await browser.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            token = AntiforgeryToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        }

        const string Missing = "TE-2026-999999";
        foreach (var typed in new[] { "cam tan", "khong co xa nay", "hoan kiem" })
        {
            var foreign = await ReferAsync(browser, code, typed, token);
            var missing = await ReferAsync(browser, Missing, typed, token);
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
            Assert.Equal(missing.Status, foreign.Status);
            Assert.Equal(missing.Location, foreign.Location?.Replace(code, Missing, StringComparison.Ordinal));
            Assert.Equal(Normalised(missing.Body, Missing), Normalised(foreign.Body, code));
        }

        await using var db = Db(app);
        Assert.Null((await db.Cases.SingleAsync()).ReferredToUnitId);

        static async Task<(HttpStatusCode Status, string? Location, string Body)> ReferAsync(HttpClient browser, string code, string unit, string token)
        {
            using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("unit", unit), new("reason", "gan nha hon")]);
            using var response = await browser.PostAsync(new Uri($"/cases/{code}/refer", UriKind.Relative), form);
            return (response.StatusCode, response.Headers.Location?.ToString(), await response.Content.ReadAsStringAsync());
        }

        static string Normalised(string body, string code) =>
            AntiforgeryToken().Replace(body.Replace(code, "CODE", StringComparison.Ordinal), "token");
    }

    private async Task<ChildCareAppFactory> StartAsync()
    {
        _app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        using var client = _app.CreateClient();
        var plan = new
        {
            plan = new { code = "dashboard-test", titleVi = "Đơn vị thử" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = Array.Empty<object>(),
        };
        using var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = "thanh-hoa/cam-tan", role = "ChildProtection" });
        var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        await _app.Services.GetRequiredService<OfficialDesk>().JoinAsync(new ChatPerson("telegram", Lan, Language.Vi, "Lan"), code, CancellationToken.None);
        return _app;
    }

    private static async Task<HttpClient> SignedInAsync(ChildCareAppFactory app, long chat = Lan)
    {
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync("telegram", chat, CancellationToken.None))!;
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var opened = await browser.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    private static async Task<string> FileAsync(ChildCareAppFactory app)
    {
        var draft = new ReportDraft
        {
            Id = Guid.NewGuid(),
            StartedAt = TimeProvider.System.GetUtcNow(),
            ProvinceCode = "thanh-hoa",
            ProvinceAnswered = true,
            Commune = "Xã Cẩm Tân",
            Category = CaseCategory.Neglect,
            Description = "Em bé bị bỏ đói <b>",
            Anonymous = true,
        };
        var outcome = await app.Services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", 1, CancellationToken.None);
        return Assert.IsType<ReportFiled>(outcome).Code;
    }

    private static ChildCareDbContext Db(ChildCareAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();
}
