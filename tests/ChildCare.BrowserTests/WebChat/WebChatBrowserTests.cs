using System.Diagnostics;
using Microsoft.Playwright;

namespace ChildCare.BrowserTests.WebChat;

/// <summary>The web chat in Debian's chromium on a phone-sized screen, against the real Bot program.</summary>
public sealed class WebChatBrowserTests
{
    [Fact]
    public async Task WebChat_OnAPhone_GivesTheNumbers_AndFilesAReportTypedWithoutAccents()
    {
        await using var server = await BotServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "vi-VN",
            HasTouch = true,
            IsMobile = true,
            ReducedMotion = ReducedMotion.Reduce,
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync(new Uri(server.Address, "chat").ToString());
        await WaitForBotAsync(page, "Xin chào");
        Assert.Equal(1, await page.Locator("#emergency a[href='tel:113']").CountAsync());
        Assert.Equal(1, await page.Locator("#emergency a[href='tel:111']").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("chat-welcome"), FullPage = false });

        // Help contacts: the province typed without accents; the numbers are tap-to-call links.
        await TapAsync(page, "📞 Gọi trợ giúp");
        await SayAsync(page, "thanh hoa");
        await WaitForBotAsync(page, "18001744");
        Assert.True(await page.Locator(".msg.bot a[href='tel:18001744']").CountAsync() >= 1);
        Assert.True(await page.Locator(".msg.bot a[href='tel:111']").CountAsync() >= 1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("chat-contacts") });

        // A report, every answer typed without accents (the address question offers "Bỏ qua" as a button).
        await SayAsync(page, "bao cao");
        await WaitForBotAsync(page, "ngay lúc này");
        await TapAsync(page, "Không, không phải ngay lúc này");
        foreach (var answer in new[] { "ha noi", "phuong hoan kiem", "bo qua" })
        {
            await SayAsync(page, answer);
        }

        await TapAsync(page, "Bỏ qua");
        foreach (var answer in new[] { "5", "gai", "bo qua", "bo mac", "chau bi bo mot minh o nha nhieu ngay", "khong ro", "an danh" })
        {
            await SayAsync(page, answer);
        }

        await WaitForBotAsync(page, "Xem lại báo cáo");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("chat-review") });
        await SendReportAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("chat-filed") });

        // Filed: the page forgets what it showed of the report (the answers, the review), as the answer promises, and
        // the codes are shown this once: a reload starts afresh.
        Assert.DoesNotContain(await page.Locator(".msg").AllInnerTextsAsync(), t => t.Contains("Xem lại báo cáo", StringComparison.Ordinal) || t.Contains("chau bi bo mot minh", StringComparison.Ordinal));
        await page.ReloadAsync();
        await WaitForBotAsync(page, "Xin chào");
        Assert.DoesNotContain(await page.Locator(".msg").AllInnerTextsAsync(), t => t.Contains("Mã báo cáo: TE-", StringComparison.Ordinal));

        // Text is laid out for the phone: nothing wider than the screen.
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task WebChat_InAnEnglishBrowser_SpeaksEnglish()
    {
        await using var server = await BotServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();

        await page.GotoAsync(new Uri(server.Address, "chat?start=help").ToString());

        await WaitForBotAsync(page, "Help contacts");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Contains("Send", await page.Locator("#send").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.Screenshot("chat-english") });
    }

    [Fact]
    public async Task WebChat_OpenedFromTheEnglishLandingPage_SpeaksEnglish_InAVietnameseBrowser()
    {
        await using var server = await BotServer.StartAsync();
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 390, Height = 844 } })).NewPageAsync();
        await page.GotoAsync(new Uri(server.Address, "?lang=en").ToString());

        await page.Locator("a.button.big").ClickAsync();

        await WaitForBotAsync(page, "Hello!");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await SayAsync(page, "/menu");
        var replies = await page.Locator(".msg.bot").AllInnerTextsAsync();
        Assert.DoesNotContain("Xin chào", replies[^1], StringComparison.Ordinal);
    }

    internal static async Task SayAsync(IPage page, string text)
    {
        var before = await page.Locator(".msg.bot").CountAsync();
        await page.Locator("#input").FillAsync(text);
        await page.Locator("#input").PressAsync("Enter");
        await UntilAsync(async () => await page.Locator(".msg.bot").CountAsync() > before && await page.Locator("#send").IsEnabledAsync(), $"a reply to '{text}'");
    }

    internal static async Task TapAsync(IPage page, string label)
    {
        var before = await page.Locator(".msg.bot").CountAsync();
        await page.Locator(".buttons button:enabled", new PageLocatorOptions { HasTextString = label }).Last.ClickAsync();
        await UntilAsync(async () => await page.Locator(".msg.bot").CountAsync() > before && await page.Locator("#send").IsEnabledAsync(), $"a reply to the button '{label}'");
    }

    /// <summary>
    /// Taps "Gửi báo cáo" and waits for the codes. Not <see cref="TapAsync"/>: the answer replaces the transcript (the
    /// page forgets the report), so there are fewer messages after it.
    /// </summary>
    internal static async Task SendReportAsync(IPage page)
    {
        await page.Locator(".buttons button:enabled", new PageLocatorOptions { HasTextString = "✅ Gửi báo cáo" }).Last.ClickAsync();
        await WaitForBotAsync(page, "Mã báo cáo: TE-");
    }

    internal static Task WaitForBotAsync(IPage page, string text) =>
        UntilAsync(async () => (await page.Locator(".msg.bot").AllInnerTextsAsync()).Any(t => t.Contains(text, StringComparison.Ordinal)), $"a bot message with '{text}'");

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"no {what} within 60 s");
            await Task.Delay(100);
        }
    }
}
