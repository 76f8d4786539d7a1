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
}
