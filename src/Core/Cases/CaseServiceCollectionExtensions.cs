using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Cases;

public static class CaseServiceCollectionExtensions
{
    /// <summary>The case queue: the desk officials and integrations work through, chat buttons, and the clock watcher (needs the help desk and the outbox).</summary>
    public static IServiceCollection AddChildCareCases(this IServiceCollection services, CaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddChildCareOutbox();
        services.TryAddSingleton<CaseNotifier>();
        services.TryAddSingleton(sp => new CaseDesk(
            sp.GetRequiredService<IDbContextFactory<ChildCareDbContext>>(),
            sp.GetRequiredService<CaseIntake>(),
            sp.GetRequiredService<Sealer>(),
            sp.GetRequiredService<CaseAudit>(),
            sp.GetRequiredService<CaseNotifier>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CaseDesk>>(),
            AlertRecipients.ChannelsOf(sp.GetServices<IMessageSender>()),
            sp.GetRequiredService<ICaseClockJobs>()));
        services.TryAddSingleton(sp => new CaseChat(
            sp.GetRequiredService<IDbContextFactory<ChildCareDbContext>>(),
            sp.GetRequiredService<CaseDesk>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICaseClockJobs, NoCaseClockJobs>();
        services.TryAddSingleton<CaseWatch>();
        return services;
    }
}
