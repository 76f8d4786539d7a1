using ChildCare.Core.Chat;
using ChildCare.Core.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly.Telemetry;
using Telegram.Bot;

namespace ChildCare.Bot.Telegram;

internal static class TelegramServiceCollectionExtensions
{
    /// <summary>The name of the Telegram HttpClient in IHttpClientFactory.</summary>
    public const string HttpClientName = "Telegram";

    /// <summary>
    /// Registers <see cref="TelegramSettings"/> (validated now; a bad value throws a ConfigurationException) and
    /// Telegram.Bot's <see cref="ITelegramBotClient"/> over a typed HttpClient: one resilience handler (retry,
    /// circuit breaker, attempt timeout: <see cref="TelegramResilience"/>) around the rate gate, and no HTTP client
    /// logging. Telegram.Bot's own 429 retries are off (RetryCount 0), so a throttle reaches the outbox.
    /// </summary>
    public static IServiceCollection AddTelegramClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = TelegramSettings.Read(configuration);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<TelegramRateGateHandler>();
        services.AddHttpClient(HttpClientName, client =>
            {
                // Each attempt has its own timeout in the resilience pipeline; the caller's token ends the rest.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The default loggers write request URIs, and ours carry the bot token.
            .RemoveAllLoggers()
            .AddTelegramResilience()
            .AddHttpMessageHandler<TelegramRateGateHandler>()
            .AddTypedClient<ITelegramBotClient>((http, services) => new TelegramBotClient(services.GetRequiredService<TelegramSettings>().ClientOptions(), http));
        // Polly writes an information line for every attempt, so one per Bot API call; the failed ones stay warnings.
        services.Configure<TelemetryOptions>(options => options.SeverityProvider = TelegramResilience.Severity);
        return services;
    }

    /// <summary>
    /// The Telegram channel as configured: off (settings, and the client when a token is set, for case photos; the
    /// webhook answers 401), or the client, the outbox sender, the update handler and polling or the webhook. Returns the settings for the
    /// start-up summary.
    /// </summary>
    public static TelegramSettings AddChildCareTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = TelegramSettings.Read(configuration);
        if (settings.BotToken is null)
        {
            // No token, no Bot API to call: the client (Telegram.Bot, Polly, the resilience pipeline) is not even
            // registered, so the embedded default does not load those assemblies (issue 21). The settings stay for the
            // webhook (401) and the case page (no photos).
            services.AddSingleton(settings);
        }
        else
        {
            services.AddTelegramClient(configuration);
        }

        services.AddSingleton<TelegramBotIdentity>();
        services.AddSingleton<TelegramPhotoFiles>();
        if (settings.Mode == TelegramMode.Off)
        {
            return settings;
        }

        services.AddChildCareOutboxDispatcher(configuration);
        services.AddSingleton<IMessageSender, TelegramMessageSender>();
        services.AddSingleton<IInboundHandler, TelegramUpdateHandler>();
        services.AddChildCareChat();
        services.AddChatFeature<TelegramSignInChat>();
        services.AddHostedService<TelegramStartup>();
        if (settings.Mode == TelegramMode.Polling)
        {
            services.AddHostedService<TelegramPolling>();
        }

        return settings;
    }
}
