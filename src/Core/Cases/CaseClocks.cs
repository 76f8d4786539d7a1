using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Time;

namespace ChildCare.Core.Cases;

/// <summary>
/// The legal clocks of a case (Decree 56): emergency intervention within 12 clock hours of intake when the
/// risk is high (nights and holidays count; a unit may set its own limit), and the support plan within 5
/// working days of intake.
/// </summary>
public static class CaseClocks
{
    public const int DefaultEmergencyHours = 12;
    public const int PlanWorkingDays = 5;

    /// <summary>
    /// The end of the 5th working day after the day of intake (the day of intake does not count), stored as the
    /// midnight that follows it: people read it as "hết Thứ Sáu 11/12/2026" (<see cref="DeadlineEnds.Days(DateTimeOffset, Localization.Language)"/>).
    /// </summary>
    public static DateTimeOffset PlanDue(DateTimeOffset receivedAt, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(receivedAt, VietnamTime.Zone).DateTime);
        return DeadlineEnds.EndOf(calendar.AddWorkingDays(day, PlanWorkingDays), calendar);
    }

    /// <summary>The clock that runs out next and is not met yet, if any: what a queue shows as "time left".</summary>
    public static (string Clock, DateTimeOffset Due)? Next(ChildCase filed)
    {
        ArgumentNullException.ThrowIfNull(filed);
        if (!filed.IsOpen)
        {
            return null;
        }

        if (filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null)
        {
            return ("Emergency", emergency);
        }

        return filed.PlanDueAt is { } plan && filed.PlanMadeAt is null ? ("Plan", plan) : null;
    }
}
