using ChildCare.Core.Calendar;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Deadlines;

public static class DeadlineServiceCollectionExtensions
{
    /// <summary>Deadline rules, planning, reminders, the officials and their chat desks (needs persistence).</summary>
    public static IServiceCollection AddChildCareDeadlines(this IServiceCollection services, DeadlineSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddChildCareStoredCalendar();
        services.AddChildCareOutbox();
        services.TryAddSingleton<DeadlinePlanner>();
        services.TryAddSingleton<ReminderService>();
        services.TryAddSingleton<ReminderDesk>();
        services.AddChildCareOfficials();
        services.TryAddSingleton<RulePlanningBacklog>();
        services.TryAddSingleton<DeadlineAdmin>();
        services.TryAddSingleton<UpcomingQuery>();
        services.TryAddSingleton<DemoData>();
        // Plan import (a KẾ HOẠCH read into rules through DeadlineAdmin's import) and its review in chat.
        services.TryAddSingleton(Plans.PlanSettings.Default);
        services.TryAddSingleton<Plans.PlanReader>();
        services.TryAddSingleton<Plans.PlanImport>();
        services.TryAddSingleton<Plans.PlanChat>();
        return services;
    }
}
