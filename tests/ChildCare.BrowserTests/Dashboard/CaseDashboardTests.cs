using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.FakeTelegram;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests.Dashboard;

/// <summary>
/// The officials' case pages in Debian's chromium against the real Bot program, Telegram being the fake Bot API:
/// a report filed by a collaborator through the (fake) Telegram reaches Cẩm Tân's queue; Cẩm Tân's case worker signs in with the bot's link,
/// takes the case and moves it on; Cẩm Thủy's does not see it.
/// </summary>
public sealed partial class CaseDashboardTests
{
    private const long CamTanWorker = 8001;
    private const long CamThuyWorker = 8002;
    private const long Collaborator = 8100;
    private const string AdminKey = "browser-test-admin-key-0123456789";


    [Fact]
    public async Task Dashboard_LetsTheCommunesWorkerTakeAndMoveTheCase_AndHidesItFromAnotherCommune()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var server = await BotServer.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Polling",
            ["Telegram:BotToken"] = fake.Token,
            ["Telegram:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri,
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Messaging:PrivateChatPerSecond"] = "100",
            ["Messaging:PollMilliseconds"] = "50",
            ["Admin:ApiKey"] = AdminKey,
        });
        // Setting up is an integration's work: the administration key, never the address, lets it in.
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        await SetUpUnitsAndOfficialsAsync(http, fake);
        var code = await FileReportThroughTelegramAsync(fake);

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // Cẩm Tân's case worker: the link from the bot, then the queue.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var errors = Browser.FailedResponses(page);
        await page.GotoAsync((await SignInLinkAsync(fake, CamTanWorker)).AbsoluteUri);
        await Browser.WaitForPageAsync(page, new Regex("/overview$"));
        Assert.Contains(code, await page.Locator(".soonest").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Vụ việc", Exact = true }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex("/cases$"));
        var row = page.Locator("table.queue tbody tr", new() { Has = page.Locator("td.code a", new() { HasText = code }) });
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains("Tiếp nhận", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Xã Cẩm Tân", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Chưa ai nhận", await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("dashboard-queue") });

        // The filters are a GET form: "high risk only" hides this case, "all" shows it again.
        await page.SelectOptionAsync("select[name=risk]", "High");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex("risk=High"));
        Assert.Equal(0, await page.Locator("td.code a", new() { HasText = code }).CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Bỏ lọc" }).ClickAsync();

        // The case: take it, move it to the initial assessment; the timeline shows both.
        await page.Locator("td.code a", new() { HasText = code }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex($"/cases/{code}$"));
        Assert.Contains("chau bi danh nhieu lan", await page.Locator(".sealed").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhận xử lý" }).ClickAsync();
        await page.Locator(".flash.ok").WaitForAsync();
        Assert.Contains("Bạn đã nhận xử lý", await page.Locator(".flash.ok").InnerTextAsync(), StringComparison.Ordinal);
        await page.SelectOptionAsync("form[action$='/move'] select[name=stage]", "InitialAssessment");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chuyển bước" }).ClickAsync();
        await page.Locator(".flash.ok", new() { HasText = "Đã chuyển bước" }).WaitForAsync();
        Assert.Equal("Đánh giá ban đầu", await page.Locator(".case-heading .stage").InnerTextAsync());
        var timeline = await page.Locator(".timeline").InnerTextAsync();
        Assert.Contains("Tiếp nhận → Đánh giá ban đầu", timeline, StringComparison.Ordinal);
        Assert.Contains("Nhận xử lý", timeline, StringComparison.Ordinal);
        Assert.Contains("Tiếp nhận báo cáo", timeline, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("dashboard-case"), FullPage = true });

        // On a phone the queue is a list of cards, nothing wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(new Uri(server.Address, "cases").AbsoluteUri);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("dashboard-queue-phone"), FullPage = true });
        await page.GotoAsync(new Uri(server.Address, $"cases/{code}").AbsoluteUri);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("dashboard-case-phone"), FullPage = true });
        Assert.Empty(errors);

        // Cẩm Thủy's case worker, in a browser of their own, neither sees the case nor opens it.
        var other = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN" });
        var otherPage = await other.NewPageAsync();
        await otherPage.GotoAsync((await SignInLinkAsync(fake, CamThuyWorker)).AbsoluteUri);
        await otherPage.GotoAsync(new Uri(server.Address, "cases").AbsoluteUri);
        // An empty queue says why: the unit has no case (not "nothing matches" when nothing was filtered).
        Assert.Contains("Đơn vị của bạn chưa có vụ việc nào", await otherPage.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(code, await otherPage.ContentAsync(), StringComparison.Ordinal);
        var denied = await otherPage.GotoAsync(new Uri(server.Address, $"cases/{code}").AbsoluteUri);
        Assert.Equal(404, denied!.Status);
        Assert.DoesNotContain("chau bi danh", await otherPage.ContentAsync(), StringComparison.Ordinal);

        // Signing out ends the session: the queue sends the browser to the sign-in page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex("/login$"));
        await page.GotoAsync(new Uri(server.Address, "cases").AbsoluteUri);
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);
    }

    internal static async Task SetUpUnitsAndOfficialsAsync(HttpClient http, FakeTelegramServer fake)
    {
        var plan = new
        {
            plan = new { code = "dashboard-test", titleVi = "Thử vụ việc" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = new object[]
            {
                new
                {
                    code = "yearly", units = new[] { "thanh-hoa/cam-tan" }, role = "ChildProtection", kind = "Deadline",
                    titleVi = "Báo cáo năm", titleEn = "Yearly report", recurrence = "yearly 15/11", leadDays = new[] { 7 },
                },
            },
        };
        using (var imported = await http.PostAsJsonAsync("api/admin/plans", plan))
        {
            imported.EnsureSuccessStatusCode();
        }

        foreach (var (chat, unit) in new[] { (CamTanWorker, "thanh-hoa/cam-tan"), (CamThuyWorker, "thanh-hoa/cam-thuy") })
        {
            using var invite = await http.PostAsJsonAsync("api/admin/invites", new { unit, role = "ChildProtection" });
            invite.EnsureSuccessStatusCode();
            var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            fake.EnqueueMessage(chat, "/join " + code);
            await EventuallyAsync(() => Texts(fake, chat).Count >= 1);
        }
    }

    /// <summary>A collaborator's report typed into Telegram (the fake Bot API), "send" tapped on the review; answers the case's code.</summary>
    internal static async Task<string> FileReportThroughTelegramAsync(FakeTelegramServer fake)
    {
        foreach (var text in new[] { "/start report", "khong", "thanh hoa", "cam tan", "bo qua", "bo qua", "7", "gai", "bo qua", "bi danh", "chau bi danh nhieu lan", "khong ro", "an danh" })
        {
            var before = Texts(fake, Collaborator).Count;
            fake.EnqueueMessage(Collaborator, text);
            await EventuallyAsync(() => Texts(fake, Collaborator).Count > before);

            // Some answers come as two messages: the next step waits until the bot has said all it had to say.
            var seen = Texts(fake, Collaborator).Count;
            while (true)
            {
                await Task.Delay(1500);
                var now = Texts(fake, Collaborator).Count;
                if (now == seen)
                {
                    break;
                }

                seen = now;
            }
        }

        await EventuallyAsync(() => Texts(fake, Collaborator)[^1].Contains("Gửi báo cáo", StringComparison.Ordinal));
        fake.EnqueueUpdate(new
        {
            callback_query = new
            {
                id = "send-1",
                from = new { id = Collaborator, is_bot = false, first_name = "Cong tac vien", language_code = "vi" },
                message = new { message_id = 1, date = 1_700_000_000, chat = new { id = Collaborator, type = "private" }, text = "x" },
                chat_instance = "ci",
                data = "r:ReportReview:send",
            },
        });
        await EventuallyAsync(() => Texts(fake, Collaborator).Any(t => CaseCode().IsMatch(t)));
        return CaseCode().Match(Texts(fake, Collaborator).First(t => CaseCode().IsMatch(t))).Value;
    }

    /// <summary>Sends /login for the official through the fake Bot API and answers the link the bot sent back.</summary>
    private static async Task<Uri> SignInLinkAsync(FakeTelegramServer fake, long chat)
    {
        fake.EnqueueMessage(chat, "/login");
        await EventuallyAsync(() => Texts(fake, chat).Any(t => SignInLink().IsMatch(t)));
        return new Uri(SignInLink().Match(Texts(fake, chat).Last(t => SignInLink().IsMatch(t))).Value);
    }

    private static List<string> Texts(FakeTelegramServer fake, long chat) =>
        [.. fake.CallsTo("sendMessage").Where(c => c.ChatId == chat).Select(c => c.Parameters.GetProperty("text").GetString()!)];

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex SignInLink();

    [GeneratedRegex(@"TE-\d{4}-\d{6}")]
    private static partial Regex CaseCode();
}
