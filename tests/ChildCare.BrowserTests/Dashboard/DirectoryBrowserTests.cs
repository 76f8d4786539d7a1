using System.Text.RegularExpressions;
using ChildCare.BrowserTests.WebChat;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests.Dashboard;

/// <summary>
/// The directory pages in Debian's chromium against the real Bot program: the first administrator (the link in
/// the start-up log) changes the Thanh Hóa line, the web chat gives the new number at once, the page fits a
/// phone, and restoring brings the shipped line back.
/// </summary>
public sealed partial class DirectoryBrowserTests
{
    [Fact]
    public async Task Administrator_EditsAHotlineOnThePage_AndTheWebChatGivesIt()
    {
        await using var server = await BotServer.StartAsync();
        var link = FirstAdministratorLink().Match(server.Output);
        Assert.True(link.Success, "no first-administrator link in the log:\n" + server.Output);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var errors = Browser.FailedResponses(page);

        await page.GotoAsync(link.Value);
        await page.GotoAsync(new Uri(server.Address, "directory").AbsoluteUri);
        var row = page.Locator("table.directory tbody tr", new() { Has = page.Locator("td.code", new() { HasTextString = "18001744" }) });
        Assert.Contains("Thanh Hóa", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Mặc định", await row.InnerTextAsync(), StringComparison.Ordinal);

        // Edit: the number as people write it, and the hours; back on the list with the province filtered.
        await row.GetByRole(AriaRole.Link, new() { Name = "Sửa" }).ClickAsync();
        // Commit, not the default load: once under load the URL matched but the wait for "load" missed the event
        // (network idle had fired, so it had loaded) and timed out; the fields below are waited for anyway.
        await Browser.WaitForPageAsync(page, new Regex("/directory/hotlines/s18001744$"), loaded: false);
        await page.GetByLabel("Số điện thoại").FillAsync("1800 1234");
        await page.GetByLabel("Giờ làm việc").FillAsync("7:00–17:00, thứ Hai đến thứ Sáu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await page.Locator(".flash.ok").WaitForAsync();
        Assert.Contains("province=thanh-hoa", page.Url, StringComparison.Ordinal);
        var edited = page.Locator("table.directory tbody tr", new() { Has = page.Locator("td.code", new() { HasTextString = "18001234" }) });
        Assert.Contains("Đã sửa", await edited.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("7:00–17:00", await edited.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Đường dây 18001234", await page.Locator(".timeline").InnerTextAsync(), StringComparison.Ordinal);
        await page.GotoAsync(new Uri(server.Address, "directory").AbsoluteUri);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("directory"), FullPage = true });

        // The web chat gives the new number straight away, after 111.
        var chat = await context.NewPageAsync();
        await chat.GotoAsync(new Uri(server.Address, "chat").AbsoluteUri);
        await WebChatBrowserTests.WaitForBotAsync(chat, "Xin chào");
        await WebChatBrowserTests.SayAsync(chat, "tong dai");
        await WebChatBrowserTests.SayAsync(chat, "thanh hoa");
        await WebChatBrowserTests.WaitForBotAsync(chat, "18001234");
        Assert.Equal(1, await chat.Locator(".msg.bot").Last.Locator("a[href='tel:18001234']").CountAsync());
        await chat.CloseAsync();

        // On a phone: the list and the guide editor are no wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        foreach (var (path, shot) in new[] { ("directory?province=thanh-hoa", "directory-phone"), ("directory/guidance/WaterSafety/vi", "directory-guide-phone") })
        {
            await page.GotoAsync(new Uri(server.Address, path).AbsoluteUri);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), path + " is wider than the phone");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot(shot), FullPage = true });
        }

        // "Khôi phục mặc định": the shipped line is back.
        await page.GotoAsync(new Uri(server.Address, "directory?province=thanh-hoa").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Khôi phục mặc định" }).ClickAsync();
        await page.Locator(".flash.ok", new() { HasTextString = "khôi phục" }).WaitForAsync();
        Assert.Equal(1, await page.Locator("table.directory td.code", new() { HasTextString = "18001744" }).CountAsync());
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex FirstAdministratorLink();
}
