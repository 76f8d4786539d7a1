using System.Text.RegularExpressions;
using ChildCare.Core.Configuration;
using Telegram.Bot;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Validated Telegram settings. <see cref="ToString"/> never shows the token or the webhook secret, so the
/// record can be logged or shown in a debugger watch that ends up in a screenshot.
/// </summary>
internal sealed partial record TelegramSettings(
    string? BotToken,
    Uri ApiBaseUrl,
    TelegramMode Mode,
    Uri? WebhookUrl,
    string? WebhookSecret,
    int MaxRetries,
    TimeSpan RequestTimeout,
    TimeSpan PollTimeout,
    TimeSpan MaxRetryAfter,
    TimeSpan RetryBaseDelay)
{
    public const string Section = "Telegram";
    public static readonly Uri DefaultApiBaseUrl = new("https://api.telegram.org/");

    /// <summary>Per-request timeout for a getUpdates long poll of <paramref name="pollTimeout"/>.</summary>
    public static TimeSpan LongPollRequestTimeout(TimeSpan pollTimeout) => pollTimeout + TimeSpan.FromSeconds(10);

    public static TelegramSettings Read(IConfiguration configuration)
    {
        var token = SettingsReader.Text(configuration, "Telegram:BotToken");
        if (token is not null && !TokenPattern().IsMatch(token))
        {
            // Never echo the value: a token with a typo is still mostly a secret.
            throw new ConfigurationException("Telegram:BotToken",
                "is not a bot token (the value is not shown); expected digits, a colon and letters, digits, '_' or '-', as BotFather gives it.");
        }

        var baseUrl = SettingsReader.Url(configuration, "Telegram:ApiBaseUrl", "http", "https") ?? DefaultApiBaseUrl;
        // Telegram.Bot keeps only scheme, host and port and appends /bot<token>/<method>: a path would be dropped silently.
        if (baseUrl.AbsolutePath != "/" || baseUrl.Query.Length > 0)
        {
            throw new ConfigurationException("Telegram:ApiBaseUrl",
                $"has a path or query ({baseUrl.AbsolutePath}{baseUrl.Query}); give scheme, host and port only, e.g. http://127.0.0.1:8081 for a local Bot API server.");
        }

        var mode = SettingsReader.Choice(configuration, "Telegram:Mode", token is null ? TelegramMode.Off : TelegramMode.Polling);
        if (mode != TelegramMode.Off && token is null)
        {
            throw new ConfigurationException("Telegram:BotToken", $"is not set; it is required when Telegram:Mode is {mode}.");
        }

        var webhookUrl = SettingsReader.Url(configuration, "Telegram:WebhookUrl", "http", "https");
        var webhookSecret = SettingsReader.Text(configuration, "Telegram:WebhookSecret");
        if (webhookSecret is not null && !SecretPattern().IsMatch(webhookSecret))
        {
            throw new ConfigurationException("Telegram:WebhookSecret",
                "is not valid (the value is not shown); expected 1 to 256 characters from A-Z, a-z, 0-9, '_' and '-'.");
        }

        if (mode == TelegramMode.Webhook)
        {
            if (webhookUrl is null)
            {
                throw new ConfigurationException("Telegram:WebhookUrl", "is not set; it is required when Telegram:Mode is Webhook.");
            }

            if (webhookSecret is null)
            {
                throw new ConfigurationException("Telegram:WebhookSecret",
                    "is not set; it is required when Telegram:Mode is Webhook (1 to 256 characters from A-Z, a-z, 0-9, '_' and '-').");
            }
        }

        return new TelegramSettings(
            token,
            baseUrl,
            mode,
            webhookUrl,
            webhookSecret,
            SettingsReader.WholeNumber(configuration, "Telegram:MaxRetries", 5, 0, 20),
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Telegram:RequestTimeoutSeconds", 30, 1, 600)),
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Telegram:PollTimeoutSeconds", 50, 0, 600)),
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Telegram:MaxRetryAfterSeconds", 60, 1, 3600)),
            TimeSpan.FromMilliseconds(SettingsReader.WholeNumber(configuration, "Telegram:RetryBaseDelayMilliseconds", 1000, 1, 60_000)));
    }

    /// <summary>
    /// Telegram.Bot's options: our base URL (a local Bot API server, the tests' fake) unless it is Telegram's own, and
    /// no retries of its own, or a 429 would be waited out inside the client and never reach the outbox.
    /// </summary>
    public TelegramBotClientOptions ClientOptions() =>
        new(BotToken ?? throw new InvalidOperationException("Telegram:BotToken is not set; the Telegram client cannot be used."),
            ApiBaseUrl == DefaultApiBaseUrl ? null : ApiBaseUrl.GetLeftPart(UriPartial.Authority))
        {
            RetryCount = 0,
        };

    public override string ToString() =>
        $"TelegramSettings {{ Mode = {Mode}, ApiBaseUrl = {ApiBaseUrl}, BotToken = {(BotToken is null ? "not set" : "set")}, "
        + $"WebhookUrl = {WebhookUrl?.ToString() ?? "not set"}, WebhookSecret = {(WebhookSecret is null ? "not set" : "set")}, "
        + $"MaxRetries = {MaxRetries}, RequestTimeout = {RequestTimeout}, PollTimeout = {PollTimeout} }}";

    [GeneratedRegex("^[0-9]+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
