using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Directory;
using ChildCare.Core.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Conversations;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>The help desk (conversations, case intake, the help directory with its edits); needs persistence.</summary>
    public static IServiceCollection AddChildCareConversations(this IServiceCollection services, ConversationSettings settings, PrivacySettings privacy)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddChildCarePrivacy(privacy);
        services.AddChildCareCalendar();
        services.TryAddSingleton<ICaseClockJobs, NoCaseClockJobs>();
        services.TryAddSingleton<HelpDirectoryProvider>();
        services.TryAddSingleton<DirectoryStore>();
        services.TryAddSingleton(new IntakeSettings(settings.MaxReportsPerHour));
        services.TryAddSingleton<CaseIntake>();
        services.TryAddSingleton<CaseFollow>();
        services.TryAddSingleton<CommuneNameCache>();
        services.TryAddSingleton(sp => new ConversationEngine(
            sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Persistence.ChildCareDbContext>>(),
            sp.GetRequiredService<CaseIntake>(),
            sp.GetRequiredService<CaseFollow>(),
            sp.GetRequiredService<Sealer>(),
            sp.GetRequiredService<HelpDirectoryProvider>(),
            sp.GetRequiredService<CommuneNameCache>(),
            settings,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ConversationEngine>>()));
        services.TryAddSingleton<IReporterLanguage>(sp => sp.GetRequiredService<ConversationEngine>());
        services.AddHostedService<StaleDraftSweeper>();
        return services;
    }
}
