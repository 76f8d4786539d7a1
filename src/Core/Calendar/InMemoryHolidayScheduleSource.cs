using System.Collections.Concurrent;

namespace ChildCare.Core.Calendar;

/// <summary>Holiday schedules held in memory; starts with the official schedules shipped with the product.</summary>
internal sealed class InMemoryHolidayScheduleSource : IHolidayScheduleSource
{
    private readonly ConcurrentDictionary<int, HolidaySchedule> _schedules = new();

    public InMemoryHolidayScheduleSource(IEnumerable<HolidaySchedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        foreach (var schedule in schedules)
        {
            Set(schedule);
        }
    }

    /// <summary>A source holding the official schedules embedded in ChildCare.Core.</summary>
    public static InMemoryHolidayScheduleSource WithOfficialSchedules() => new(OfficialHolidaySchedules.Load());

    public HolidaySchedule? Find(int year) => _schedules.GetValueOrDefault(year);

    /// <summary>Adds or replaces the schedule of its year.</summary>
    /// <exception cref="ArgumentException">The schedule is inconsistent.</exception>
    public void Set(HolidaySchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problems = schedule.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(schedule));
        }

        _schedules[schedule.Year] = schedule;
    }

    /// <summary>Forgets a year's schedule so the default rule applies again.</summary>
    public bool Remove(int year) => _schedules.TryRemove(year, out _);
}
