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

    [Theory]
    [InlineData("http://proxy.local/telegram")]
    [InlineData("http://127.0.0.1:8081/?x=1")]
    public void Read_Throws_WhenApiBaseUrlHasPathOrQuery(string url)
    {
        // Telegram.Bot keeps scheme, host and port only: a path prefix would be dropped without a word.
        var error = Assert.Throws<ConfigurationException>(() =>
            TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:ApiBaseUrl", url))));

        Assert.Equal("Telegram:ApiBaseUrl", error.Key);
    }

    [Fact]
    public void ClientOptions_UsesLocalServerWithoutOwnRetries_WhenApiBaseUrlSet()
    {
        var local = TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:BotToken", "123:abc"), ("Telegram:ApiBaseUrl", "http://127.0.0.1:8081/")));
        var telegram = TelegramSettings.Read(TelegramTestServices.Configuration(("Telegram:BotToken", "123:abc")));

        Assert.Equal("http://127.0.0.1:8081/bot123:abc", local.ClientOptions().BaseRequestUrl);
        Assert.True(local.ClientOptions().LocalBotServer);
        Assert.Equal(0, local.ClientOptions().RetryCount);
        Assert.Equal("https://api.telegram.org/bot123:abc", telegram.ClientOptions().BaseRequestUrl);
        Assert.False(telegram.ClientOptions().LocalBotServer);
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
