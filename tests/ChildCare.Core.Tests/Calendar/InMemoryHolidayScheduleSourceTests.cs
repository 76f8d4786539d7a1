using ChildCare.Core.Calendar;

namespace ChildCare.Core.Tests.Calendar;

public sealed class InMemoryHolidayScheduleSourceTests
{
    [Fact]
    public void WithOfficialSchedules_LoadsSoundSchedules_FromEmbeddedResource()
    {
        var source = InMemoryHolidayScheduleSource.WithOfficialSchedules();

        var y2025 = source.Find(2025);
        Assert.NotNull(y2025);
        Assert.Equal([new DateOnly(2025, 4, 26)], y2025.WorkingDays);
        Assert.Contains(y2025.Periods, p => p.Occasions.Contains(HolidayOccasion.LunarNewYear) && p.First == new DateOnly(2025, 1, 25) && p.Last == new DateOnly(2025, 2, 2));
        Assert.NotNull(source.Find(2026));
        Assert.Null(source.Find(2024));
        Assert.Empty(y2025.Problems());
        Assert.Empty(source.Find(2026)!.Problems());
    }

    [Fact]
    public void Set_Throws_WhenSwappedWorkingDayIsAWeekday()
    {
        var source = new InMemoryHolidayScheduleSource([]);
        var schedule = new HolidaySchedule(2027, [], [new DateOnly(2027, 2, 19)], "test");

        var error = Assert.Throws<ArgumentException>(() => source.Set(schedule));
        Assert.Contains("2027-02-19", error.Message, StringComparison.Ordinal);
        Assert.Null(source.Find(2027));
    }

    [Fact]
    public void Set_Throws_WhenPeriodIsOutsideItsYearOrBackwards()
    {
        var source = new InMemoryHolidayScheduleSource([]);
        var schedule = new HolidaySchedule(
            2027,
            [new HolidayPeriod([HolidayOccasion.NewYearsDay], new DateOnly(2026, 12, 31), new DateOnly(2026, 12, 30))],
            [],
            "test");

        Assert.Equal(2, schedule.Problems().Count);
        Assert.Throws<ArgumentException>(() => source.Set(schedule));
    }
}
