using ChildCare.Core.Messaging;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Bot.Telegram;

internal static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="TelegramSettings"/> (validated now; a bad value throws a ConfigurationException)
    /// and the typed <see cref="TelegramBotClient"/> with retries and timeouts, without HTTP client logging.
    /// </summary>
    public static IServiceCollection AddTelegramClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = TelegramSettings.Read(configuration);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<TelegramResilienceHandler>();
        services.AddHttpClient<TelegramBotClient>(client =>
            {
                // Each attempt has its own timeout in TelegramResilienceHandler; the caller's token ends the rest.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // The default loggers write request URIs, and ours carry the bot token.
            .RemoveAllLoggers()
            .AddHttpMessageHandler<TelegramResilienceHandler>();
        return services;
    }

    /// <summary>
    /// The Telegram channel as configured: off (settings only; the webhook answers 401), or the client,
    /// the outbox sender, the update handler and polling or the webhook. Returns the settings for the
    /// start-up summary.
    /// </summary>
    public static TelegramSettings AddChildCareTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTelegramClient(configuration);
        var settings = TelegramSettings.Read(configuration);
        services.AddSingleton<TelegramBotIdentity>();
        if (settings.Mode == TelegramMode.Off)
        {
            return settings;
        }

        services.AddChildCareOutboxDispatcher(configuration);
        services.AddSingleton<IMessageSender, TelegramMessageSender>();
        services.AddSingleton<IInboundHandler, TelegramUpdateHandler>();
        services.AddHostedService<TelegramStartup>();
        if (settings.Mode == TelegramMode.Polling)
        {
            services.AddHostedService<TelegramPolling>();
        }

        return settings;
    }
}
