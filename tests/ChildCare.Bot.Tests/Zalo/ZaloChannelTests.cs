using System.Text;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Bot.Zalo;
using ChildCare.Core.Configuration;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.FakeZalo;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>The pieces of the Zalo channel: settings, signature, buttons, and the sender's answers to Zalo's errors.</summary>
public sealed class ZaloChannelTests
{
    private const string User = "3321115882543943283";

    [Theory]
    [InlineData("Zalo:OaId")]
    [InlineData("Zalo:AppId")]
    [InlineData("Zalo:SecretKey")]
    [InlineData("Zalo:AppSecret")]
    [InlineData("Zalo:RefreshToken")]
    public void Read_NamesTheMissingKey_WhenZaloIsOn(string key)
    {
        var values = new Dictionary<string, string?>
        {
            ["Zalo:Enabled"] = "true",
            ["Zalo:OaId"] = "579745863508352884",
            ["Zalo:AppId"] = "1234567890",
            ["Zalo:SecretKey"] = "oa-secret-key",
            ["Zalo:AppSecret"] = "app-secret-key",
            ["Zalo:RefreshToken"] = "refresh-token-1",
        };
        values.Remove(key);

        var e = Assert.Throws<ConfigurationException>(() => ZaloSettings.Read(TelegramTestServices.Configuration([.. values.Select(v => (v.Key, v.Value))])));

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IsOffAndNeedsNothing_ByDefault()
    {
        var settings = ZaloSettings.Read(TelegramTestServices.Configuration());

        Assert.False(settings.Enabled);
        Assert.Equal("/zalo/webhook", settings.WebhookPath);
        Assert.Equal(TimeSpan.FromDays(7), settings.Window);
    }

    [Fact]
    public void Read_NeverShowsASecret_InItsErrorOrItsText()
    {
        var e = Assert.Throws<ConfigurationException>(() => ZaloSettings.Read(TelegramTestServices.Configuration(("Zalo:SecretKey", "secret with spaces!"))));
        Assert.DoesNotContain("spaces", e.Message, StringComparison.Ordinal);
        var settings = ZaloSettings.Read(TelegramTestServices.Configuration(("Zalo:AppSecret", "very-secret-value")));
        Assert.DoesNotContain("very-secret-value", settings.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Signature_MatchesOnlyTheSignedBody(bool withPrefix)
    {
        var body = Encoding.UTF8.GetBytes("{\"app_id\":\"1\",\"timestamp\":\"1733450000000\"}");
        var hex = FakeZaloServer.Sign("1", body, "1733450000000", "key-of-the-oa");
        var header = withPrefix ? "mac=" + hex.ToUpperInvariant() : hex;

        Assert.True(ZaloSignature.Matches(header, "1", body, "1733450000000", "key-of-the-oa"));
        body[^2] ^= 1;
        Assert.False(ZaloSignature.Matches(header, "1", body, "1733450000000", "key-of-the-oa"));
        Assert.False(ZaloSignature.Matches(null, "1", body, "1733450000000", "key-of-the-oa"));
    }

    [Fact]
    public void Render_UsesQuickActions_UpToFiveButtons_ThenNumberedChoices()
    {
        var five = Keyboard.Inline([.. Enumerable.Range(1, 5).Select(i => KeyboardButton.Callback($"Nút {i}", $"d{i}"))]);
        var six = Keyboard.Inline([.. Enumerable.Range(1, 6).Select(i => KeyboardButton.Callback($"Nút {i}", $"d{i}"))]);

        var quick = ZaloButtons.Render("Chọn", five, Language.Vi);
        var numbered = ZaloButtons.Render("Chọn", six, Language.Vi);

        Assert.Equal(5, quick.Buttons!.Count);
        Assert.Equal("#cc:d1", quick.Buttons[0]!["payload"]!.GetValue<string>());
        Assert.Null(quick.Choices);
        Assert.Null(numbered.Buttons);
        Assert.Contains("6. Nút 6", numbered.Text, StringComparison.Ordinal);
        Assert.Equal("b:d6", numbered.Choices![5]);
    }

    [Fact]
    public void FromHtml_GivesPlainText_WithLinksWrittenOut()
    {
        Assert.Equal("Gọi 113 & 111: <ngay> trang (https://a.vn/x?a=1&b=2)",
            ZaloText.FromHtml("<b>Gọi 113 &amp; 111</b>: &lt;ngay&gt; <a href=\"https://a.vn/x?a=1&amp;b=2\">trang</a>"));
        Assert.Equal("Gọi 113", ZaloText.FromHtml("Gọi <a href=\"tel:113\">113</a>"));
    }

    [Fact]
    public async Task Send_RefreshesTheExpiredTokenOnce_AndStillDelivers()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var chat = new ZaloChat(fake, app, client, User);
        await chat.SayAsync("xin chao");
        fake.ExpireAccessToken();

        await chat.SayAsync("so dien thoai tro giup");

        Assert.NotEmpty(chat.Messages);
        Assert.Equal(1, fake.Refreshes);
        Assert.Contains(FakeZaloServer.InvalidToken, fake.Errors);
    }

    [Fact]
    public async Task Send_PausesAndRetries_WhenZaloSaysTooManyRequests()
    {
        // One request in 3 seconds: the second message is refused however slowly a loaded machine sends it.
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { PerSecond = 1, RateWindow = TimeSpan.FromSeconds(3) });
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake, ("Zalo:PerSecond", "50"), ("Zalo:RateLimitPauseSeconds", "1")));
        using var client = app.CreateClient();
        var chat = new ZaloChat(fake, app, client, User);

        // The emergency answer comes as several messages at once, faster than the fake allows.
        await chat.SayAsync("cuu voi, bo no dang danh chau");

        Assert.Contains(FakeZaloServer.RateLimited, fake.Errors);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Channel == "zalo" && m.Status != OutboxStatus.Sent));
    }
}
