using ChildCare.Core.Calendar;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// Since when a unit's deadlines are somebody's: the day its first official joined. A deadline that had ended
/// before then was nobody's to acknowledge here, so it is neither overdue nor missed (a plan imported in December,
/// or the demo data, would otherwise show every earlier deadline of the year as missed, 0 % for units nobody had
/// joined). It still shows on the calendar, and an official may still mark it done.
/// </summary>
public static class DeadlineTracking
{
    /// <summary>The first day (Vietnam time) each of <paramref name="unitIds"/> had an official; a unit nobody joined is absent.</summary>
    public static async Task<IReadOnlyDictionary<long, DateOnly>> SinceAsync(ChildCareDbContext db, IReadOnlyCollection<long> unitIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var first = await db.Subscriptions.AsNoTracking()
            .Where(s => unitIds.Contains(s.UnitId))
            .GroupBy(s => s.UnitId)
            .Select(g => new { UnitId = g.Key, Since = g.Min(s => s.Since) })
            .ToListAsync(cancellationToken);
        return first.ToDictionary(f => f.UnitId, f => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(f.Since, VietnamTime.Zone).DateTime));
    }

    /// <summary>Whether the deadline due <paramref name="dueDate"/> was still running on the day the unit was first followed.</summary>
    public static bool Counts(DateOnly dueDate, long unitId, IReadOnlyDictionary<long, DateOnly> since, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(since);
        ArgumentNullException.ThrowIfNull(calendar);
        return since.TryGetValue(unitId, out var first) && calendar.DeadlineEnd(dueDate) >= first;
    }
}
