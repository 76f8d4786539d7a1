using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Time;

namespace ChildCare.Core.Tests.Deadlines;

/// <summary>
/// What people read as the end of a deadline: the close of its last day for a day-counted one (moved past days
/// off, Civil Code art. 147-148), the instant for an hour-counted one, in both languages.
/// </summary>
public sealed class DeadlineEndsTests
{
    private static readonly HolidayCalendar Calendar = new(InMemoryHolidayScheduleSource.WithOfficialSchedules());

    private static DateTimeOffset Vietnam(int year, int month, int day, int hour, int minute = 0) =>
        VietnamTime.At(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    [Fact]
    public void Days_NamesFridaysEnd_WhenTheClockIsStoredAsSaturdayMidnight()
    {
        // Intake Friday 04/12/2026 10:00: five working days are Mon 7 to Fri 11; the clock is stored as 00:00 Saturday 12/12.
        var due = CaseClocks.PlanDue(Vietnam(2026, 12, 4, 10), Calendar);
        Assert.Equal(Vietnam(2026, 12, 12, 0), due);

        Assert.Equal("hết Thứ Sáu 11/12/2026", DeadlineEnds.Days(due, Language.Vi));
        Assert.Equal("by the end of Friday 11/12/2026", DeadlineEnds.Days(due, Language.En));
        Assert.Equal(new DateOnly(2026, 12, 11), DeadlineEnds.LastDayOf(due));
    }

    [Fact]
    public void EndOf_AgreesWithTheText_SoOverdueStartsOnlyAfterTheLastDay()
    {
        var due = CaseClocks.PlanDue(Vietnam(2026, 12, 4, 10), Calendar);
        var lastMinute = Vietnam(2026, 12, 11, 23, 59);

        Assert.True(lastMinute < due, "still in time on the evening of the last day");
        Assert.True(Vietnam(2026, 12, 12, 0) >= due, "overdue from midnight after it");
        Assert.Equal(due, DeadlineEnds.EndOf(new DateOnly(2026, 12, 11), Calendar));
    }

    [Fact]
    public void Days_MovesToMonday_WhenTheWrittenDayIsSaturday()
    {
        Assert.Equal("hết Thứ Hai 14/12/2026", DeadlineEnds.Days(new DateOnly(2026, 12, 12), Calendar, Language.Vi));
        Assert.Equal("by the end of Monday 14/12/2026", DeadlineEnds.Days(new DateOnly(2026, 12, 12), Calendar, Language.En));
        Assert.Equal(Vietnam(2026, 12, 15, 0), DeadlineEnds.EndOf(new DateOnly(2026, 12, 12), Calendar));
    }

    [Fact]
    public void Days_MovesPastTheHolidays_WhenTheWrittenDayIsNationalDay()
    {
        // 2/9/2026 is a Wednesday and a holiday (with 1/9 by the default rule): the deadline ends on Thursday 3/9.
        Assert.True(Calendar.IsDayOff(new DateOnly(2026, 9, 2)));
        Assert.Equal("hết Thứ Năm 03/09/2026", DeadlineEnds.Days(new DateOnly(2026, 9, 2), Calendar, Language.Vi));
        Assert.Equal("by the end of Thursday 03/09/2026", DeadlineEnds.Days(new DateOnly(2026, 9, 2), Calendar, Language.En));
    }

    [Fact]
    public void Days_KeepsTheDay_WhenItIsAWorkingDay()
    {
        Assert.Equal("hết Thứ Năm 10/12/2026", DeadlineEnds.Days(new DateOnly(2026, 12, 10), Calendar, Language.Vi));
    }

    [Fact]
    public void Hours_KeepsTheTime_ForTheEmergencyClock()
    {
        // Twelve clock hours from 08:30 Saturday: nights and weekends count.
        var due = Vietnam(2026, 12, 12, 8, 30).AddHours(CaseClocks.DefaultEmergencyHours);

        Assert.Equal("trước 20:30 Thứ Bảy 12/12/2026", DeadlineEnds.Hours(due, Language.Vi));
        Assert.Equal("before 20:30 Saturday 12/12/2026", DeadlineEnds.Hours(due, Language.En));
        Assert.Equal("trước 20:30 Thứ Bảy 12/12/2026", DeadlineEnds.Clock("Emergency", due, Language.Vi));
        Assert.Equal("hết Thứ Sáu 11/12/2026", DeadlineEnds.Clock("Plan", Vietnam(2026, 12, 12, 0), Language.Vi));
    }

    [Fact]
    public void CaseSummary_ShowsThePlanClockAsFridaysEnd_AndTheEmergencyClockWithItsTime()
    {
        // Filed Saturday 12/12/2026 at 08:30: emergency by 20:30 the same day; the plan by the end of Friday 18/12.
        var received = Vietnam(2026, 12, 12, 8, 30);
        var filed = new ChildCase
        {
            Code = "TE-2026-000001",
            Year = 2026,
            Sequence = 1,
            SubmissionId = Guid.NewGuid(),
            ReceivedAt = received,
            Channel = "telegram",
            ReporterKey = new string('a', 64),
            Category = CaseCategory.Violence,
            DangerNow = true,
            AgeBand = AgeBand.From6To10,
            ChildSex = ChildSex.Girl,
            Suspect = SuspectRelation.Parent,
            Anonymous = true,
            ContactConsent = false,
            PhotoCount = 0,
            SealedDetails = [],
        };
        filed.Route(1, CaseClocks.DefaultEmergencyHours, CaseClocks.PlanDue(received, Calendar), received);
        filed.SetRisk(RiskLevel.High, "nguy hiem ngay", received);

        var vi = CaseNotifier.Summary(filed, "Xã Cẩm Tân", received.AddHours(1), Language.Vi);
        var en = CaseNotifier.Summary(filed, "Xã Cẩm Tân", received.AddHours(1), Language.En);

        Assert.Contains("Hạn can thiệp khẩn cấp: trước 20:30 Thứ Bảy 12/12/2026", vi, StringComparison.Ordinal);
        Assert.Contains("Hạn kế hoạch hỗ trợ: hết Thứ Sáu 18/12/2026", vi, StringComparison.Ordinal);
        Assert.Contains("Emergency limit: before 20:30 Saturday 12/12/2026", en, StringComparison.Ordinal);
        Assert.Contains("Support plan due: by the end of Friday 18/12/2026", en, StringComparison.Ordinal);
        Assert.DoesNotContain("00:00", vi + en, StringComparison.Ordinal);
    }
}
