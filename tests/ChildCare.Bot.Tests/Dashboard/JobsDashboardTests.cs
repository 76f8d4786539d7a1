using System.Net;
using System.Text.RegularExpressions;
using ChildCare.Bot.Pages.Scheduler;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Core.Officials;
using ChildCare.Bot.Tests.Plans;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Dashboard;

/// <summary>Hangfire's dashboard for administrators only, and the officials' scheduler page in plain words.</summary>
public sealed partial class JobsDashboardTests
{
    private const long Lan = 7301;

    [Fact]
    public async Task HangfireDashboard_IsForAdministratorsOnly_AndItsRelaxedPolicyHoldsOnItsPathOnly()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Deadlines:LoadDemoData"] = "false" });
        await PlanTestApp.ImportUnitsAsync(app);
        await PlanTestApp.JoinAsync(app, Lan, PlanTestApp.Commune);

        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { "/hangfire", "/hangfire/jobs/enqueued", "/hangfire/recurring" })
        {
            using var page = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location?.AbsolutePath);
        }

        using (var stats = await anonymous.PostAsync(new Uri("/hangfire/stats", UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
        }

        using var lan = await PlanTestApp.SignedInAsync(app, Lan);
        using (var page = await lan.GetAsync(new Uri("/hangfire", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            Assert.DoesNotContain("ChildCare jobs", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var admin = await AdministratorAsync(app);
        using (var page = await admin.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("ChildCare jobs", html, StringComparison.Ordinal);
            Assert.Contains("case-sweep", html, StringComparison.Ordinal);
            Assert.Equal(JobsDashboard.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.DoesNotContain("script-src", JobsDashboard.ContentSecurityPolicy, StringComparison.Ordinal);
        }

        using (var ours = await admin.GetAsync(new Uri("/scheduler", UriKind.Relative)))
        {
            Assert.Equal(PageResults.ContentSecurityPolicy, ours.Headers.GetValues("Content-Security-Policy").Single());
            Assert.DoesNotContain("unsafe-inline", PageResults.ContentSecurityPolicy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SchedulerPage_ShowsEachJobInPlainWords_AndRunNowRunsIt()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Deadlines:LoadDemoData"] = "false" });
        using var admin = await AdministratorAsync(app);

        var raw = await admin.GetStringAsync(new Uri("/scheduler", UriKind.Relative));
        var html = WebUtility.HtmlDecode(raw);
        Assert.Matches(@"Gửi nhắc việc: mỗi 5 phút, lần tới \d{2}:\d{2}", html);
        Assert.Matches(@"Lập lịch hạn và sự kiện: hằng ngày lúc 01:30, lần tới \d{2}:\d{2}", html);
        Assert.Contains("Rà soát hạn xử lý các vụ việc: mỗi 2 phút", html, StringComparison.Ordinal);
        Assert.Contains("Dọn dữ liệu hết hạn lưu: mỗi 1 giờ", html, StringComparison.Ordinal);
        // Quartz's engineer words are gone; Hangfire's stay on Hangfire's own pages.
        Assert.DoesNotContain("*/5", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Cron", html, StringComparison.Ordinal);
        Assert.DoesNotContain("NON_CLUSTERED", html, StringComparison.Ordinal);

        var token = AntiforgeryToken().Match(raw).Groups[1].Value;
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("id", "housekeeping")]);
        using var run = await admin.PostAsync(new Uri("/scheduler/run", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.SeeOther, run.StatusCode);
        Assert.EndsWith("?m=Fired", run.Headers.Location?.OriginalString, StringComparison.Ordinal);

        await Telegram.TelegramChannelTests.Eventually(async () =>
        {
            await using var db = Telegram.TelegramChannelTests.Db(app);
            return await db.JobRuns.AnyAsync(r => r.JobName == "privacy.purge" && r.Succeeded == true);
        });
        Assert.Contains("Dọn dữ liệu hết hạn lưu", WebUtility.HtmlDecode(await admin.GetStringAsync(new Uri("/scheduler", UriKind.Relative))), StringComparison.Ordinal);
    }

    /// <summary>The first administrator, signed in with the link the log prints at first start.</summary>
    private static async Task<HttpClient> AdministratorAsync(ChildCareAppFactory app)
    {
        var link = (await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None))!;
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var opened = await browser.GetAsync(new Uri("/login/" + link.Token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
