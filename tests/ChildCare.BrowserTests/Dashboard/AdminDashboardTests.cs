using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Time;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests.Dashboard;

/// <summary>
/// The administrator's side of the dashboard in Debian's chromium against the real Bot program on the embedded
/// default with the seed plans loaded: the first-start link from the log, the calendar, reminders, the scheduler
/// (pause, resume, run now), units and people (an invite), exports; on a desktop and on a phone.
/// </summary>
public sealed partial class AdminDashboardTests
{
    [Fact]
    public async Task Administrator_SignsInWithTheFirstStartLink_AndWorksEveryAdministratorsPage()
    {
        await using var server = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Deadlines:LoadDemoData"] = "true",
            ["Scheduler:InProcess"] = "true",
        });
        var link = FirstStartLink().Match(server.Output);
        Assert.True(link.Success, "the start-up log holds no first administrator link");

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text + " " + message.Location);
            }
        };

        // The link signs in and opens the overview: for an administrator, the units nobody has joined yet.
        await page.GotoAsync(link.Value);
        await Browser.WaitForPageAsync(page, new Regex("/overview$"));
        Assert.Equal("Tổng quan", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Chưa có cán bộ nào tham gia đơn vị này", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Calendar: November of this year has the seed plans' yearly report (15/11), with lunar dates beside the solar
        // ones: the year is planned from its first day, whatever day the test runs on.
        var year = VietnamTime.Today(TimeProvider.System).Year;
        var november = $"calendar?month={year}-11";
        await page.GotoAsync(Url(server, november));
        Assert.Equal($"Tháng 11/{year}", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator(".day .item").CountAsync() > 0);
        Assert.Equal(30, await page.Locator(".day:not(.outside) .lunar").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-calendar"), FullPage = true });
        await page.GotoAsync(Url(server, $"calendar?month={year}-09"));
        Assert.Contains("Quốc khánh", await page.Locator(".day.holiday").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(Url(server, $"calendar?month={year}-06"));
        Assert.Contains("Tháng hành động", await page.Locator(".month").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

        // Reminders: the counts and the filter.
        await page.GotoAsync(Url(server, "reminders"));
        Assert.Equal(6, await page.Locator(".stats .stat").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-reminders"), FullPage = true });

        // Scheduler: each job in plain words; run the planner now and see its run recorded.
        await page.GotoAsync(Url(server, "scheduler"));
        Assert.Contains("mỗi 5 phút, lần tới", await page.Locator("section.job", new() { HasText = "Gửi nhắc việc" }).InnerTextAsync(), StringComparison.Ordinal);
        var runsBefore = await page.Locator("section.card", new() { HasText = "Lần chạy gần đây" }).Locator("tbody tr", new() { HasText = "Lập lịch hạn và sự kiện" }).CountAsync();
        await page.Locator("section.job", new() { HasText = "Lập lịch hạn và sự kiện" }).GetByRole(AriaRole.Button, new() { Name = "Chạy ngay" }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex("m="));
        Assert.Contains("Đã yêu cầu chạy ngay", await page.Locator(".flash").InnerTextAsync(), StringComparison.Ordinal);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (await page.Locator("section.card", new() { HasText = "Lần chạy gần đây" }).Locator("tbody tr", new() { HasText = "Lập lịch hạn và sự kiện" }).CountAsync() <= runsBefore)
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "the planner's run did not appear within 60 s");
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-scheduler"), FullPage = true });

        // Units and people: pick a commune, invite a case worker; the code is shown once.
        await page.GotoAsync(Url(server, "units"));
        await page.Locator(".tree a", new() { HasText = "Cẩm Tân" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo lời mời" }).ClickAsync();
        Assert.Matches(@"^/join [0-9A-Z]{10}$", await page.Locator(".code-big code").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-units"), FullPage = true });

        // Exports: compliance per unit on the page, and its CSV.
        await page.GotoAsync(Url(server, "exports"));
        Assert.True(await page.Locator("table.compliance tbody tr").CountAsync() > 0);
        var csv = await context.APIRequest.GetAsync(Url(server, $"exports/compliance.csv?year={year}"));
        Assert.Equal(200, csv.Status);
        var text = Encoding.UTF8.GetString(await csv.BodyAsync());
        Assert.StartsWith("\uFEFF\"Mã đơn vị\"", text, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-exports"), FullPage = true });

        // On a phone: nothing wider than the screen on any page; the calendar becomes a list of the busy days.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { november, "reminders", "scheduler", "units?unit=quang-ninh", "exports" })
        {
            await page.GotoAsync(Url(server, path));
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), path + " is wider than a phone");
        }

        await page.GotoAsync(Url(server, november));
        Assert.False(await page.Locator(".day.quiet").First.IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-calendar-phone"), FullPage = true });
        await page.GotoAsync(Url(server, "scheduler"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("admin-scheduler-phone"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static string Url(BotServer server, string path) => new Uri(server.Address, path).AbsoluteUri;

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex FirstStartLink();
}
