using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChildCare.FakeTelegram;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests.Dashboard;

/// <summary>
/// Every page on a phone-sized screen (390×844) in Vietnamese and in English, written to artifacts/screenshots
/// for people to look at: the landing, sign-in and error pages, and as a case worker who is also an administrator
/// every page of the dashboard. Each page must fit the screen's width and answer without a failed request.
/// </summary>
public sealed partial class PageScreenshotTests
{
    private const long Worker = 8001;
    private const long EnglishWorker = 8003;
    private const string AdminKey = "browser-test-admin-key-0123456789";

    [Fact]
    public async Task EveryPage_FitsAPhone_InBothLanguages()
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
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        await CaseDashboardTests.SetUpUnitsAndOfficialsAsync(http, fake);
        var code = await CaseDashboardTests.FileReportThroughTelegramAsync(fake);

        // A second case worker of Cẩm Tân whose Telegram is in English: their pages are in English.
        using (var invite = await http.PostAsJsonAsync("api/admin/invites", new { unit = "thanh-hoa/cam-tan", role = "ChildProtection" }))
        {
            invite.EnsureSuccessStatusCode();
            var joinCode = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            await SayAsync(fake, EnglishWorker, "en", "/join " + joinCode, _ => true);
        }

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var shots = new List<string>();

        // Before sign-in: the landing page, sign-in and an error page, in each language the browser asks for.
        foreach (var (locale, suffix) in new[] { ("vi-VN", "vi"), ("en-US", "en") })
        {
            await using var anonymous = await browser.NewContextAsync(Phone(locale));
            var page = await anonymous.NewPageAsync();
            await ShootAsync(page, server, suffix == "en" ? "?lang=en" : "", "landing-" + suffix, shots);
            await ShootAsync(page, server, "login", "login-" + suffix, shots);
            await ShootAsync(page, server, "login/" + new string('A', 43), "login-invalid-" + suffix, shots, expectFailure: true);
            await ShootAsync(page, server, "directory/places/9/nothing-here", "error-404-" + suffix, shots, expectFailure: true);
        }

        // The first administrator makes the case worker an administrator too, so one person opens every page.
        var first = FirstAdministratorLink().Match(server.Output);
        Assert.True(first.Success, "no first-administrator link in the log:\n" + server.Output);
        await using (var adminContext = await browser.NewContextAsync(Phone("vi-VN")))
        {
            var admin = await adminContext.NewPageAsync();
            await admin.GotoAsync(first.Value);
            await admin.GotoAsync(new Uri(server.Address, "units?unit=thanh-hoa/cam-tan").AbsoluteUri);
            Assert.Contains("Xã Cẩm Tân", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            // Both case workers, one button each.
            for (var promoted = 0; promoted < 2; promoted++)
            {
                await admin.GetByRole(AriaRole.Button, new() { Name = "Cho làm quản trị viên" }).First.ClickAsync();
                await admin.Locator(".flash.ok").WaitForAsync();
            }

            Assert.Equal(0, await admin.GetByRole(AriaRole.Button, new() { Name = "Cho làm quản trị viên" }).CountAsync());
        }

        foreach (var language in new[] { "vi", "en" })
        {
            // The bot's /login in the chat's language: the official's pages follow the language they write in.
            var link = await SignInLinkAsync(fake, language == "vi" ? Worker : EnglishWorker, language);
            await using var context = await browser.NewContextAsync(Phone(language == "vi" ? "vi-VN" : "en-US"));
            var page = await context.NewPageAsync();
            await page.GotoAsync(link.AbsoluteUri);
            await Browser.WaitForPageAsync(page, new Regex("/overview$"));
            Assert.Equal(language == "vi" ? "Tổng quan" : "Overview", await page.Locator("h1").InnerTextAsync());
            foreach (var (path, name) in new[]
            {
                ("overview", "overview"), ("cases", "cases"), ("cases/" + code, "case"), ("calendar", "calendar"), ("reminders", "reminders"),
                ("plans", "plans"), ("directory", "directory"), ("directory/places", "directory-places"), ("directory/guidance", "directory-guidance"),
                ("exports", "exports"), ("attention", "attention"), ("units", "units"), ("units?unit=thanh-hoa/cam-thuy", "units-unit"), ("scheduler", "scheduler"),
                ("directory/hotlines/new", "directory-hotline-form"), ("directory/places/new", "directory-place-form"), ("directory/guidance/WaterSafety/vi", "directory-guide-form"),
                ("cases/TE-2000-000000", "case-not-found"),
            })
            {
                await ShootAsync(page, server, path, name + "-" + language, shots, expectFailure: name == "case-not-found");
            }
        }

        Assert.True(shots.Count >= 40, $"{shots.Count} screenshots");
    }

    private static BrowserNewContextOptions Phone(string locale) => new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = locale,
    };

    /// <summary>Opens the page, checks it fits the phone and loaded its stylesheet, and saves it (the whole page).</summary>
    private static async Task ShootAsync(IPage page, BotServer server, string path, string name, List<string> shots, bool expectFailure = false)
    {
        var response = await page.GotoAsync(new Uri(server.Address, path).AbsoluteUri);
        Assert.NotNull(response);
        Assert.True(expectFailure ? response.Status >= 400 : response.Status == 200, $"{path}: {response.Status}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), path + " is wider than a phone");
        // Styled from any depth: the top bar takes the brand colour only when the stylesheet loaded.
        Assert.Equal("flex", await page.Locator("header.topbar").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        var file = Browser.Screenshot("phone-" + name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        shots.Add(file);
    }

    /// <summary>/login sent to the bot; answers the link it sent back.</summary>
    private static async Task<Uri> SignInLinkAsync(FakeTelegramServer fake, long chat, string language) =>
        new(SignInLink().Match(await SayAsync(fake, chat, language, "/login", t => SignInLink().IsMatch(t))).Value);

    /// <summary>A message from a chat whose Telegram is in <paramref name="language"/>; answers the bot's first reply that <paramref name="wanted"/>.</summary>
    private static async Task<string> SayAsync(FakeTelegramServer fake, long chat, string language, string text, Func<string, bool> wanted)
    {
        var before = fake.CallsTo("sendMessage").Count(c => c.ChatId == chat);
        fake.EnqueueUpdate(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = 900_000 + before,
                ["date"] = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(),
                ["chat"] = new JsonObject { ["id"] = chat, ["type"] = "private", ["first_name"] = "Anna" },
                ["from"] = new JsonObject { ["id"] = chat, ["is_bot"] = false, ["first_name"] = "Anna", ["language_code"] = language },
                ["text"] = text,
            },
        });
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (fake.CallsTo("sendMessage").Where(c => c.ChatId == chat).Skip(before).Select(c => c.Parameters.GetProperty("text").GetString()!).FirstOrDefault(wanted) is { } reply)
            {
                return reply;
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "no answer within 30 s");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex SignInLink();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex FirstAdministratorLink();
}
