using ChildCare.Core.Chat;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Zalo;

internal static class ZaloServiceCollectionExtensions
{
    /// <summary>
    /// The Zalo channel as configured (validated now; a bad value throws a ConfigurationException naming its key):
    /// off by default, with only its settings registered (the webhook then answers 401); on, the API client, the
    /// token store and refresher, the outbox sender and the event handler. Returns the settings for the start-up summary.
    /// </summary>
    public static ZaloSettings AddChildCareZalo(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = ZaloSettings.Read(configuration);
        services.AddSingleton(settings);
        services.AddSingleton<ZaloUsers>();
        if (!settings.Enabled)
        {
            return settings;
        }

        // The default loggers write request headers' names only, but URIs and timing are noise here; headers carry the token.
        services.AddHttpClient<ZaloApiClient>(client => client.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddSingleton<ZaloTokens>();
        services.AddChildCareOutboxDispatcher(configuration);
        services.AddSingleton<IMessageSender, ZaloMessageSender>();
        services.AddSingleton<IInboundHandler, ZaloInboundHandler>();
        services.AddChildCareChat();
        services.AddChatFeature<ZaloOfficialChat>();
        services.AddHostedService<ZaloTokenRefresher>();
        return settings;
    }
}
