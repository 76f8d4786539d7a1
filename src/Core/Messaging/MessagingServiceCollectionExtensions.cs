using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>The outbox, for every process that sends messages (Bot and Scheduler nodes alike).</summary>
    public static IServiceCollection AddChildCareOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<SendRateGate>();
        services.TryAddSingleton(sp => new OutboxShare(sp.GetRequiredService<SendRateGate>()));
        services.TryAddSingleton<IOutbox>(sp => sp.GetRequiredService<OutboxStore>());
        services.TryAddSingleton<ReplyOutbox>();
        return services;
    }

    /// <summary>
    /// The dispatcher that sends the outbox through the registered <see cref="IMessageSender"/>s. Registered
    /// on Bot nodes, which hold the channel credentials; each sends the parts of the outbox it holds (one part on SQLite).
    /// </summary>
    public static IServiceCollection AddChildCareOutboxDispatcher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddChildCareOutbox();
        services.TryAddSingleton(MessagingSettings.Read(configuration));
        services.TryAddSingleton<OutboxListener>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }

    /// <summary>The inbox and the processor that hands stored updates to the registered <see cref="IInboundHandler"/>s.</summary>
    public static IServiceCollection AddChildCareInbox(this IServiceCollection services)
    {
        services.TryAddSingleton<Inbox>();
        services.AddHostedService<InboundProcessor>();
        return services;
    }
}
