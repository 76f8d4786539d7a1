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

    /// <summary>
    /// The moments after <paramref name="now"/> at which the case may owe an alert (<see cref="CaseWatch"/> says which):
    /// the emergency warning and limit, the plan warning and due time, and the untaken-case escalations.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Moments(ChildCase filed, CaseSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filed);
        ArgumentNullException.ThrowIfNull(settings);
        var moments = new List<DateTimeOffset>();
        if (!filed.IsOpen)
        {
            return moments;
        }

        if (filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null)
        {
            moments.Add(emergency.AddMinutes(-settings.EmergencyWarningMinutes));
            moments.Add(emergency);
        }

        if (filed.PlanDueAt is { } plan && filed.PlanMadeAt is null)
        {
            moments.Add(plan.AddHours(-settings.PlanWarningHours));
            moments.Add(plan);
        }

        if (filed.Risk == RiskLevel.High && filed.AssigneeId is null)
        {
            moments.Add(filed.ReceivedAt.AddMinutes(settings.TakeWithinMinutes));
            moments.Add(filed.ReceivedAt.AddMinutes(2 * settings.TakeWithinMinutes));
        }

        return [.. moments.Where(m => m > now).Distinct().Order()];
    }
}
