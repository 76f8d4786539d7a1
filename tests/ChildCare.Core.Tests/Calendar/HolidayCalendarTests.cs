using ChildCare.Core.Calendar;

namespace ChildCare.Core.Tests.Calendar;

public sealed class HolidayCalendarTests
{
    private readonly HolidayCalendar _official = new(InMemoryHolidayScheduleSource.WithOfficialSchedules());
    private readonly InMemoryHolidayScheduleSource _emptySource = new([]);
    private readonly HolidayCalendar _byDefault;

    public HolidayCalendarTests()
    {
        _byDefault = new HolidayCalendar(_emptySource);
    }

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void IsDayOff_FollowsOfficialSchedule_ForNationalDay2025()
    {
        Assert.True(_official.IsWorkingDay(D(2025, 8, 29)));
        Assert.True(_official.IsDayOff(D(2025, 8, 30)));
        Assert.True(_official.IsDayOff(D(2025, 8, 31)));
        Assert.True(_official.IsDayOff(D(2025, 9, 1)));
        Assert.True(_official.IsDayOff(D(2025, 9, 2)));
        Assert.True(_official.IsWorkingDay(D(2025, 9, 3)));
        Assert.Equal(
            [(D(2025, 9, 1), HolidayKind.Law), (D(2025, 9, 2), HolidayKind.Law)],
            _official.HolidaysIn(2025).Where(h => h.Occasion == HolidayOccasion.NationalDay).Select(h => (h.Date, h.Kind)));
    }

    [Fact]
    public void IsWorkingDay_IsTrueOnSwappedSaturday_And2MayIsOff_In2025()
    {
        Assert.True(_official.IsWorkingDay(D(2025, 4, 26)));
        Assert.True(_official.IsDayOff(D(2025, 5, 2)));
        Assert.Equal(D(2025, 4, 26), _official.NextWorkingDay(D(2025, 4, 25)));
        Assert.Equal(D(2025, 5, 5), _official.NextWorkingDay(D(2025, 4, 29)));
        var extra = Assert.Single(_official.HolidaysIn(2025), h => h.Kind == HolidayKind.OfficialExtra && h.Date.Month == 5);
        Assert.Equal(D(2025, 5, 2), extra.Date);
    }

    [Theory]
    [InlineData(2025, 1, 25, 2, 2)]
    [InlineData(2026, 2, 14, 2, 22)]
    public void IsDayOff_CoversWholeOfficialTetBlock(int year, int firstMonth, int firstDay, int lastMonth, int lastDay)
    {
        var first = D(year, firstMonth, firstDay);
        var last = D(year, lastMonth, lastDay);

        Assert.True(_official.IsWorkingDay(first.AddDays(-1)));
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            Assert.True(_official.IsDayOff(day), $"{day:yyyy-MM-dd} should be off.");
        }

        Assert.True(_official.IsWorkingDay(last.AddDays(1)));
    }

    [Fact]
    public void IsDayOff_UsesDefaultRule_WhenYearHasNoSchedule()
    {
        // Without its official schedule, 2025 gets Tết eve (29 tháng Chạp, 28/1) to mùng 4 (1/2, a Saturday)
        // and compensation on Monday 3/2, instead of the official 25/1-2/2.
        Assert.True(_byDefault.IsWorkingDay(D(2025, 1, 27)));
        Assert.True(_byDefault.IsDayOff(D(2025, 1, 28)));
        Assert.True(_byDefault.IsDayOff(D(2025, 2, 3)));
        Assert.True(_official.IsWorkingDay(D(2025, 2, 3)));
        Assert.False(_byDefault.IsWorkingDay(D(2025, 4, 26)));
    }

    [Theory]
    [InlineData(2028, 1, 1, 2028, 1, 3)] // 1/1 on a Saturday -> Monday
    [InlineData(2026, 4, 26, 2026, 4, 27)] // Giỗ Tổ 10/3 lunar on a Sunday -> Monday
    [InlineData(2028, 1, 29, 2028, 1, 31)] // mùng 4 Tết on a Saturday -> Monday after the block
    [InlineData(2028, 9, 2, 2028, 9, 4)] // Quốc khánh on a Saturday -> Monday
    public void HolidaysIn_GivesCompensatoryDay_WhenLawDayFallsOnWeekend(int y, int m, int d, int cy, int cm, int cd)
    {
        var holidays = _byDefault.HolidaysIn(y);

        var law = Assert.Single(holidays, h => h.Date == D(y, m, d));
        Assert.Equal(HolidayKind.Law, law.Kind);
        var compensation = Assert.Single(holidays, h => h.Date == D(cy, cm, cd));
        Assert.Equal(HolidayKind.Compensatory, compensation.Kind);
        Assert.Equal(law.Occasion, compensation.Occasion);
        Assert.StartsWith("Nghỉ bù ", compensation.NameVi, StringComparison.Ordinal);
        Assert.True(_byDefault.IsDayOff(compensation.Date));
        Assert.True(_byDefault.IsWorkingDay(compensation.Date.AddDays(1)));
    }

    [Fact]
    public void HolidaysIn_CompensatesBothDays_WhenReunificationAndLabourDayFallOnWeekend()
    {
        // 2022: 30/4 Saturday, 1/5 Sunday; the government gave Monday 2/5 and Tuesday 3/5.
        var compensations = _byDefault.HolidaysIn(2022).Where(h => h.Kind == HolidayKind.Compensatory && h.Date.Month == 5);

        Assert.Equal([D(2022, 5, 2), D(2022, 5, 3)], compensations.Select(h => h.Date));
    }

    [Fact]
    public void HolidaysIn_NamesHolidaysInVietnameseAndEnglish()
    {
        var holidays = _official.HolidaysIn(2026);

        var tet = Assert.Single(holidays, h => h.Date == D(2026, 2, 17));
        Assert.Equal(("Tết Nguyên đán", HolidayKind.Law), (tet.NameVi, tet.Kind));
        Assert.Equal("Quốc khánh", Assert.Single(holidays, h => h.Date == D(2026, 9, 2)).NameVi);
        Assert.Equal("Giỗ Tổ Hùng Vương", Assert.Single(holidays, h => h.Date == D(2026, 4, 26)).NameVi);
        Assert.Equal("Tết Dương lịch", Assert.Single(holidays, h => h.Date == D(2026, 1, 1)).NameVi);
        Assert.Equal(holidays.OrderBy(h => h.Date).Select(h => h.Date), holidays.Select(h => h.Date));
    }

    [Fact]
    public void HolidaysIn_CompensatesEveryWeekendLawDayOnAWeekday_ForEveryYearByDefault()
    {
        for (var year = LunarCalendar.FirstYear; year <= LunarCalendar.LastYear; year++)
        {
            var holidays = _byDefault.HolidaysIn(year);
            var law = holidays.Where(h => h.Kind == HolidayKind.Law).ToList();
            var compensations = holidays.Where(h => h.Kind == HolidayKind.Compensatory).ToList();

            // 11 law days, one fewer when Giỗ Tổ falls on 30/4 or 1/5.
            Assert.InRange(law.Count, 10, 11);
            Assert.Equal(law.Count(h => IsWeekend(h.Date)), compensations.Count);
            Assert.All(compensations, c => Assert.False(IsWeekend(c.Date)));
            Assert.Equal(holidays.Count, holidays.Select(h => h.Date).Distinct().Count());
        }
    }

    [Fact]
    public void AddWorkingDays_SkipsOfficialTetBlock_In2026()
    {
        // Thursday 12/2/2026; Friday 13/2 is the last working day before Tết, Monday 23/2 the first after.
        Assert.Equal(D(2026, 2, 13), _official.AddWorkingDays(D(2026, 2, 12), 1));
        Assert.Equal(D(2026, 2, 24), _official.AddWorkingDays(D(2026, 2, 12), 3));
        Assert.Equal(D(2026, 2, 13), _official.AddWorkingDays(D(2026, 2, 24), -2));
    }

    [Fact]
    public void AddWorkingDays_SkipsTetAndItsCompensation_WhenYearFollowsDefaultRule()
    {
        // 2027 by default: Tết 5/2-9/2 with 6/2 and 7/2 on a weekend, compensated on 10/2 and 11/2.
        Assert.Equal(D(2027, 2, 15), _byDefault.AddWorkingDays(D(2027, 2, 4), 2));
    }

    [Fact]
    public void AddWorkingDays_ExcludesStartAndReturnsStart_WhenCountIsZero()
    {
        var saturday = D(2025, 10, 11);

        Assert.Equal(saturday, _official.AddWorkingDays(saturday, 0));
        Assert.Equal(D(2025, 10, 13), _official.AddWorkingDays(saturday, 1));
        Assert.Equal(D(2025, 10, 17), _official.AddWorkingDays(D(2025, 10, 10), 5));
    }

    [Fact]
    public void DeadlineEnd_MovesToMonday_WhenLastDayIsSunday()
    {
        Assert.Equal(D(2025, 10, 13), _official.DeadlineEnd(D(2025, 10, 12)));
        Assert.Equal(D(2025, 10, 14), _official.DeadlineEnd(D(2025, 10, 14)));
    }

    [Fact]
    public void DeadlineEnd_SkipsHolidays_WhenSundayIsFollowedByHolidays()
    {
        // Sunday 31/8/2025 is followed by 1/9 and 2/9 off.
        Assert.Equal(D(2025, 9, 3), _official.DeadlineEnd(D(2025, 8, 31)));
    }

    [Fact]
    public void ReminderDay_MovesToFriday_WhenWantedOnSunday()
    {
        Assert.Equal(D(2025, 10, 10), _official.ReminderDay(D(2025, 10, 12)));
        Assert.Equal(D(2025, 10, 14), _official.ReminderDay(D(2025, 10, 14)));
    }

    [Fact]
    public void ReminderDay_MovesBeforeTet_WhenWantedDuringTet()
    {
        Assert.Equal(D(2026, 2, 13), _official.ReminderDay(D(2026, 2, 18)));
    }

    [Fact]
    public void IsWorkingDay_FollowsEditedSchedule_WhenAdministratorChangesIt()
    {
        var saturday = D(2027, 2, 20);
        Assert.False(_byDefault.IsWorkingDay(saturday));

        _emptySource.Set(new HolidaySchedule(2027, [], [saturday], "test"));
        Assert.True(_byDefault.IsWorkingDay(saturday));

        _emptySource.Remove(2027);
        Assert.False(_byDefault.IsWorkingDay(saturday));
    }

    [Fact]
    public void HolidaysIn_Throws_WhenYearOutsideSupportedRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _official.HolidaysIn(1899));
        Assert.Throws<ArgumentOutOfRangeException>(() => _official.IsWorkingDay(D(2101, 1, 3)));
    }

    private static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
