using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HolidayCalendar"/> and, unless another is registered first, an in-memory
    /// <see cref="IHolidayScheduleSource"/> holding the official schedules shipped with Core.
    /// </summary>
    public static IServiceCollection AddChildCareCalendar(this IServiceCollection services)
    {
        services.TryAddSingleton<IHolidayScheduleSource>(_ => InMemoryHolidayScheduleSource.WithOfficialSchedules());
        services.TryAddSingleton<HolidayCalendar>();
        return services;
    }

    /// <summary>
    /// Registers the calendar with holiday schedules that administrators edit in the database (needs
    /// persistence); call <see cref="StoredHolidayScheduleSource.RefreshAsync"/> once the database is migrated.
    /// </summary>
    public static IServiceCollection AddChildCareStoredCalendar(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StoredHolidayScheduleSource>();
        services.AddSingleton<IHolidayScheduleSource>(sp => sp.GetRequiredService<StoredHolidayScheduleSource>());
        services.AddHostedService<HolidayScheduleRefresher>();
        return services.AddChildCareCalendar();
    }
}
