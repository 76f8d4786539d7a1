using ChildCare.Bot.SignIn;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.WebPush;

internal static class WebPushServiceCollectionExtensions
{
    /// <summary>The Web Push sender beside Telegram's: always on, it needs no account anywhere (only the VAPID keys it makes).</summary>
    public static IServiceCollection AddChildCareWebPush(this IServiceCollection services, IConfiguration configuration, WebSettings web)
    {
        services.AddSingleton(WebPushSettings.Read(configuration, web));
        services.AddSingleton<VapidKeys>();
        services.AddHttpClient<WebPushSender>(client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<WebPushSender>());
        // The outbox is sent on this node even without Telegram (AddHostedService adds the dispatcher once).
        services.AddChildCareOutboxDispatcher(configuration);
        return services;
    }
}
