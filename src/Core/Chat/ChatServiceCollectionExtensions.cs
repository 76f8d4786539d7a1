using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ChildCare.Core.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// The chat router and Core's chat features (help desk, officials, cases, plans); a channel adds its own with
    /// <see cref="AddChatFeature{T}"/>. The routes are checked when the host starts. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddChildCareChat(this IServiceCollection services)
    {
        services.TryAddSingleton<ChatRouter>();
        services.AddChatFeature<HelpDeskChat>();
        services.AddChatFeature<OfficialDeskChat>();
        services.AddChatFeature<CaseDeskChat>();
        services.AddChatFeature<PlanDeskChat>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ChatRoutesCheck>());
        return services;
    }

    public static IServiceCollection AddChatFeature<T>(this IServiceCollection services)
        where T : class, IChatFeature
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChatFeature, T>());
        return services;
    }
}

/// <summary>Makes the router when the host starts, so declarations that overlap stop the start rather than the first message.</summary>
internal sealed class ChatRoutesCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ChatRouter>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
