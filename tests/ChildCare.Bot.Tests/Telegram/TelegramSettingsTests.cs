using ChildCare.Bot.Telegram;
using ChildCare.Core.Configuration;

namespace ChildCare.Bot.Tests.Telegram;

public sealed class TelegramSettingsTests
{
    private const string BotToken = "123:ABC-def_456";

    [Fact]
    public void Read_UsesDefaults_WhenOnlyTokenSet()
    {
        var settings = TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:BotToken", BotToken)));

        Assert.Equal(TelegramMode.Polling, settings.Mode);
        Assert.Equal(new Uri("https://api.telegram.org/"), settings.ApiBaseUrl);
        Assert.Equal(5, settings.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(50), settings.PollTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), TelegramSettings.LongPollRequestTimeout(settings.PollTimeout));
    }

    [Fact]
    public void Read_IsOff_WhenNoTokenSet()
    {
        Assert.Equal(TelegramMode.Off, TelegramSettings.Read(TelegramTestServices.Configuration()).Mode);
    }

    [Fact]
    public void Read_Throws_WhenApiBaseUrlNotHttp()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:ApiBaseUrl", "ftp://telegram.local"))));

        Assert.Equal("Configuration error: Telegram:ApiBaseUrl is 'ftp://telegram.local'; expected an absolute http or https URL.", error.Message);
    }

    [Fact]
    public void Read_KeepsPathPrefix_WhenApiBaseUrlHasOne()
    {
        var settings = TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:ApiBaseUrl", "http://proxy.local/telegram")));

        Assert.Equal("http://proxy.local/telegram/bot1:x/getMe", settings.ApiBaseUrl.AbsoluteUri + "bot1:x/getMe");
    }

    [Theory]
    [InlineData("Webhook", null, "Telegram:WebhookSecret")]
    [InlineData("Webhook", "has space", "Telegram:WebhookSecret")]
    [InlineData("Polling", "ok", null)]
    public void Read_ChecksWebhookSecret_WhenModeIsWebhook(string mode, string? secret, string? failingKey)
    {
        var configuration = TelegramTestServices.Configuration(
            ("Telegram:BotToken", BotToken), ("Telegram:Mode", mode), ("Telegram:WebhookUrl", "https://bot.example.vn/telegram"), ("Telegram:WebhookSecret", secret));

        var error = Record.Exception(() => TelegramSettings.Read(configuration));

        Assert.Equal(failingKey, (error as ConfigurationException)?.Key);
        Assert.DoesNotContain("has space", error?.Message ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ThrowsWithoutEchoingToken_WhenTokenMalformed()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:BotToken", "secret-without-colon"))));

        Assert.Equal("Telegram:BotToken", error.Key);
        Assert.DoesNotContain("secret-without-colon", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Throws_WhenModeNeedsTokenButNoneSet()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:Mode", "Polling"))));

        Assert.Equal("Telegram:BotToken", error.Key);
    }

    [Fact]
    public void ToString_HidesTokenAndSecret_WhenBothSet()
    {
        var settings = TelegramSettings.Read(TelegramTestServices.Configuration(
            ("Telegram:BotToken", BotToken), ("Telegram:Mode", "Webhook"), ("Telegram:WebhookUrl", "https://bot.example.vn/t"), ("Telegram:WebhookSecret", "s3cr3t")));

        var text = settings.ToString();

        Assert.DoesNotContain(BotToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Contains("Webhook", text, StringComparison.Ordinal);
    }
}
