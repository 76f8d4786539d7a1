using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChildCare.BrowserTests.WebChat;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests.Accounts;

/// <summary>
/// Officials without Telegram, in Debian's chromium on a phone-sized screen with its virtual WebAuthn
/// authenticator (CDP WebAuthn.addVirtualAuthenticator): the program runs with no Telegram token at all. An
/// official of Cẩm Tân opens the invite link, makes a passkey, signs out and signs in again with it, turns
/// notifications on; a report filed on /chat reaches them by Web Push (a fake push service that checks the
/// encryption and VAPID headers) and they take the case; Cẩm Thủy's official, joined the same way, gets 404.
/// </summary>
public sealed partial class PasskeyJoinBrowserTests
{
    private const string AdminKey = "browser-test-admin-key-0123456789";

    [Fact]
    public async Task Join_LetsAnOfficialWithoutTelegramSignInWithAPasskeyAndTakeTheCase_AndAnotherCommuneGets404()
    {
        await using var server = await BotServer.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = AdminKey }, host: "localhost");
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        await ImportUnitsAsync(http);
        var camTanInvite = await InviteAsync(http, "thanh-hoa/cam-tan");
        var camThuyInvite = await InviteAsync(http, "thanh-hoa/cam-thuy");

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var (context, page) = await PhoneAsync(browser);
        var errors = Browser.FailedResponses(page);
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Type + ": " + message.Text);

        // The invite link: the unit and the role, a name, and a passkey made by the phone.
        await page.GotoAsync(new Uri(server.Address, "join/" + camTanInvite).AbsoluteUri);
        Assert.Contains("Xã Cẩm Tân", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Cán bộ bảo vệ trẻ em", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("Họ và tên").FillAsync("Nguyễn Thị Lan");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-join-phone"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo passkey và tham gia" }).ClickAsync();
        try
        {
            await Browser.WaitForPageAsync(page, new Regex("/login$"));
        }
        catch (TimeoutException)
        {
            Assert.Fail("no sign-in after the join: " + string.Join(" | ", console.Concat(errors)) + " " + page.Url + " " + server.Output[^Math.Min(server.Output.Length, 3000)..]);
        }

        Assert.Contains("Bạn đã đăng nhập", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));

        // Later: signed out, back in with the passkey alone.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        // The page was /login already: wait until the signed-out page replaced it (its sign-out button gone), or the next
        // click may land on the signed-in page just before the sign-out's redirect replaces it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Browser.WaitForPageAsync(page, new Regex("/login$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập bằng passkey" }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex("/login/passkey$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-passkey-phone"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập bằng passkey" }).ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex("/login$"));
        Assert.Contains("Bạn đã đăng nhập", await page.ContentAsync(), StringComparison.Ordinal);

        // Notifications on: this browser's push subscription (here the fake push service's) is sent from the account page.
        await using var push = await ChildCare.Bot.Tests.WebPush.FakePushService.StartAsync();
        await page.GotoAsync(new Uri(server.Address, "account").AbsoluteUri);
        Assert.Contains("Thông báo trên trình duyệt", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var subscribed = await page.EvaluateAsync<int>(
            "async ([endpoint, p256dh, auth]) => (await fetch('account/push', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': document.querySelector('button[data-push]').dataset.token }, body: JSON.stringify({ endpoint, keys: { p256dh, auth } }) })).status",
            new[] { push.Endpoint.AbsoluteUri, push.P256dh, push.Auth });
        Assert.Equal(204, subscribed);
        await page.ReloadAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-account-phone"), FullPage = true });

        // A report on /chat, in another browser, about a child in Cẩm Tân: the alert reaches Lan by Web Push.
        var code = await FileReportOnWebChatAsync(browser, server);
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!push.Received.Any(p => p.Payload.GetProperty("body").GetString()!.Contains(code, StringComparison.Ordinal)))
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "no push with the case within 30 s: " + string.Join(" | ", push.Refused));
            await Task.Delay(100);
        }

        Assert.Empty(push.Refused);
        var alert = push.Received.First(p => p.Payload.GetProperty("body").GetString()!.Contains(code, StringComparison.Ordinal)).Payload;

        // She opens it (the notification's address) and takes the case.
        await page.GotoAsync(alert.GetProperty("url").GetString()!);
        await page.Locator("a", new() { HasText = code }).First.ClickAsync();
        await Browser.WaitForPageAsync(page, new Regex($"/cases/{code}$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhận xử lý" }).ClickAsync();
        await page.Locator(".flash.ok").WaitForAsync();
        Assert.Contains("Bạn đã nhận xử lý", await page.Locator(".flash.ok").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("accounts-case-taken-phone"), FullPage = true });
        Assert.Empty(errors);

        // Cẩm Thủy's official joins the same way and cannot open Cẩm Tân's case.
        var (otherContext, other) = await PhoneAsync(browser);
        await other.GotoAsync(new Uri(server.Address, "join/" + camThuyInvite).AbsoluteUri);
        await other.GetByLabel("Họ và tên").FillAsync("Trần Văn Minh");
        await other.GetByRole(AriaRole.Button, new() { Name = "Tạo passkey và tham gia" }).ClickAsync();
        await Browser.WaitForPageAsync(other, new Regex("/login$"));
        var denied = await other.GotoAsync(new Uri(server.Address, $"cases/{code}").AbsoluteUri);
        Assert.Equal(404, denied!.Status);
        Assert.DoesNotContain("chau bi danh", await other.ContentAsync(), StringComparison.Ordinal);
        await otherContext.CloseAsync();
        await context.CloseAsync();
    }

    /// <summary>A phone-sized browser with a platform authenticator that holds passkeys and checks the person.</summary>
    private static async Task<(IBrowserContext Context, IPage Page)> PhoneAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "vi-VN",
            HasTouch = true,
            IsMobile = true,
        });
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return (context, page);
    }

    private static async Task<string> FileReportOnWebChatAsync(IBrowser browser, BotServer server)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "vi-VN" });
        var chat = await context.NewPageAsync();
        await chat.GotoAsync(new Uri(server.Address, "chat").AbsoluteUri);
        await WebChatBrowserTests.WaitForBotAsync(chat, "Xin chào");
        await WebChatBrowserTests.SayAsync(chat, "bao cao");
        await WebChatBrowserTests.WaitForBotAsync(chat, "ngay lúc này");
        await WebChatBrowserTests.TapAsync(chat, "Không, không phải ngay lúc này");
        foreach (var answer in new[] { "thanh hoa", "cam tan", "bo qua" })
        {
            await WebChatBrowserTests.SayAsync(chat, answer);
        }

        await WebChatBrowserTests.TapAsync(chat, "Bỏ qua");
        foreach (var answer in new[] { "7", "gai", "bo qua", "bi danh", "chau bi danh nhieu lan", "khong ro", "an danh" })
        {
            await WebChatBrowserTests.SayAsync(chat, answer);
        }

        await WebChatBrowserTests.WaitForBotAsync(chat, "Xem lại báo cáo");
        await WebChatBrowserTests.SendReportAsync(chat);
        var code = CaseCode().Match(string.Join("\n", await chat.Locator(".msg.bot").AllInnerTextsAsync())).Value;
        await context.CloseAsync();
        return code;
    }

    private static async Task ImportUnitsAsync(HttpClient http)
    {
        var plan = new
        {
            plan = new { code = "accounts-test", titleVi = "Thử tài khoản" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
                new { code = "thanh-hoa/cam-thuy", nameVi = "Xã Cẩm Thủy", nameEn = "Cam Thuy commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = Array.Empty<object>(),
        };
        using var imported = await http.PostAsJsonAsync("api/admin/plans", plan);
        imported.EnsureSuccessStatusCode();
    }

    private static async Task<string> InviteAsync(HttpClient http, string unit)
    {
        using var invite = await http.PostAsJsonAsync("api/admin/invites", new { unit, role = "ChildProtection" });
        invite.EnsureSuccessStatusCode();
        return (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    [GeneratedRegex(@"TE-\d{4}-\d{6}")]
    private static partial Regex CaseCode();
}
