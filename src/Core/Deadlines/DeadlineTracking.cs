using ChildCare.Core.Calendar;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// Since when a unit's deadlines are somebody's: the day its first official joined (<see cref="Units.Unit.TrackedSince"/>,
/// kept when members leave). A deadline that had ended
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
        var kept = await db.Units.AsNoTracking()
            .Where(u => unitIds.Contains(u.Id) && u.TrackedSince != null)
            .Select(u => new { UnitId = u.Id, Since = u.TrackedSince!.Value })
            .ToListAsync(cancellationToken);
        // The members' own dates too: a membership written by another path (an import, a restore) still counts.
        var members = await db.Subscriptions.AsNoTracking()
            .Where(s => unitIds.Contains(s.UnitId))
            .GroupBy(s => s.UnitId)
            .Select(g => new { UnitId = g.Key, Since = g.Min(s => s.Since) })
            .ToListAsync(cancellationToken);
        return kept.Concat(members)
            .GroupBy(f => f.UnitId, f => f.Since)
            .ToDictionary(g => g.Key, g => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(g.Min(), VietnamTime.Zone).DateTime));
    }

    /// <summary>Marks the unit followed from <paramref name="now"/> when nobody had joined it before; called with a join, in its transaction.</summary>
    public static Task StartAsync(ChildCareDbContext db, long unitId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Units.Where(u => u.Id == unitId && u.TrackedSince == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TrackedSince, now), cancellationToken);
    }

    /// <summary>Whether the deadline due <paramref name="dueDate"/> was still running on the day the unit was first followed.</summary>
    public static bool Counts(DateOnly dueDate, long unitId, IReadOnlyDictionary<long, DateOnly> since, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(since);
        ArgumentNullException.ThrowIfNull(calendar);
        return since.TryGetValue(unitId, out var first) && calendar.DeadlineEnd(dueDate) >= first;
    }
}
