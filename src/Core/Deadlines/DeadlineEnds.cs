using ChildCare.Core.Calendar;
using ChildCare.Core.Localization;
using ChildCare.Core.Time;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// When a deadline really ends, and how people read it. A deadline counted in days ends at the close of its last
/// day, moved to the next working day when that day is a weekly rest day or a holiday (Civil Code 2015, art.
/// 147-148): "hết Thứ Sáu 11/12/2026", never "00:00 12/12/2026". A deadline counted in hours (the emergency clock)
/// ends at its instant and never pauses: "trước 20:30 Thứ Bảy 12/12/2026".
/// </summary>
public static class DeadlineEnds
{
    /// <summary>The last day a day-counted deadline written as <paramref name="lastDay"/> may still be met.</summary>
    public static DateOnly LastDay(DateOnly lastDay, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.DeadlineEnd(lastDay);
    }

    /// <summary>
    /// The instant a day-counted deadline ends: midnight (Vietnam time) after its legal last day. A clock
    /// stores this instant, so "overdue" (now at or after it) starts exactly when the last day is over.
    /// </summary>
    public static DateTimeOffset EndOf(DateOnly lastDay, HolidayCalendar calendar) =>
        VietnamTime.At(LastDay(lastDay, calendar).AddDays(1), TimeOnly.MinValue).ToUniversalTime();

    /// <summary>The last day of a day-counted deadline stored as the instant it ends (midnight after that day).</summary>
    public static DateOnly LastDayOf(DateTimeOffset end) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end.AddTicks(-1), VietnamTime.Zone).DateTime);

    /// <summary>"hết Thứ Sáu 11/12/2026" / "by the end of Friday 11/12/2026": a day-counted deadline written as
    /// <paramref name="lastDay"/>, moved past days off.</summary>
    public static string Days(DateOnly lastDay, HolidayCalendar calendar, Language language) =>
        ByEndOf(LastDay(lastDay, calendar), language);

    /// <summary>
    /// When an occurrence is due, as every page and message says it: a deadline by the end of its legal last day
    /// ("hết Thứ Hai 16/11/2026" for a plan's Sunday 15/11), an event on its own day ("Chủ nhật, 15/11/2026").
    /// </summary>
    public static string Due(RuleKind kind, DateOnly dueDate, HolidayCalendar calendar, Language language) =>
        kind == RuleKind.Deadline ? Days(dueDate, calendar, language) : CoreTexts.DateWithWeekday(dueDate, language);

    /// <summary>The same, for a day-counted deadline stored as the instant it ends (the support plan clock).</summary>
    public static string Days(DateTimeOffset end, Language language) => ByEndOf(LastDayOf(end), language);

    /// <summary>"trước 20:30 Thứ Bảy 12/12/2026" / "before 20:30 Saturday 12/12/2026": an hour-counted deadline.</summary>
    public static string Hours(DateTimeOffset end, Language language)
    {
        var local = TimeZoneInfo.ConvertTime(end, VietnamTime.Zone);
        return CoreTexts.Format("DeadlineBefore", language, CoreTexts.Weekday(local.DayOfWeek, language), local.DateTime);
    }

    /// <summary>A case clock as people read it: the emergency clock counts hours, the support plan working days.</summary>
    public static string Clock(string clock, DateTimeOffset end, Language language) =>
        clock == "Emergency" ? Hours(end, language) : Days(end, language);

    /// <summary>"hết Thứ Sáu 11/12/2026" for a day already known to be the legal last day.</summary>
    public static string ByEndOf(DateOnly day, Language language) =>
        CoreTexts.Format("DeadlineByEndOf", language, CoreTexts.Weekday(day.DayOfWeek, language), day.ToDateTime(TimeOnly.MinValue));
}
