using ChildCare.Core.Calendar;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Deadlines;

/// <summary>Occurrences due from today over the next days, optionally within a unit's subtree.</summary>
public sealed class UpcomingQuery(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time)
{
    public const int MaxItems = 1000;

    public async Task<IReadOnlyList<UpcomingItem>> ListAsync(int days, string? unitCode, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(time);
        var until = today.AddDays(days);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Nothing due from today on is backfilled (that is what was past when planned); saying so lets the query use
        // the date index, which leaves backfilled rows out.
        var query = db.Occurrences.AsNoTracking()
            .Where(o => !o.Backfilled && o.DueDate >= today && o.DueDate <= until && o.Status != OccurrenceStatus.Cancelled);
        if (unitCode is not null)
        {
            var prefix = unitCode + "/";
            query = query.Where(o => o.Rule!.Unit!.Code == unitCode || o.Rule.Unit.Code.StartsWith(prefix));
        }

        var rows = await query
            .OrderBy(o => o.DueDate).ThenBy(o => o.Id)
            .Take(MaxItems)
            .Select(o => new { Occurrence = o, o.Rule, o.Rule!.Unit, o.Rule.Themes })
            .ToListAsync(cancellationToken);
        return rows.Select(r =>
        {
            var rule = r.Rule!;
            var theme = r.Themes.FirstOrDefault(t => t.Year == r.Occurrence.DueDate.Year);
            var schedule = rule.Schedule();
            return new UpcomingItem(
                r.Occurrence.Id, rule.Id, rule.Code, rule.Kind, rule.Title(Language.Vi, r.Occurrence.DueDate), rule.Title(Language.En, r.Occurrence.DueDate),
                r.Unit!.Code, r.Unit.NameVi, r.Unit.NameEn, rule.Role,
                r.Occurrence.DueDate, r.Occurrence.EndDate,
                CoreTexts.Weekday(r.Occurrence.DueDate.DayOfWeek, Language.Vi),
                schedule.IsLunar ? LunarCalendar.ToLunar(r.Occurrence.DueDate) : null,
                theme?.ThemeVi, theme?.ThemeEn, r.Occurrence.Status, schedule.ToString());
        }).ToList();
    }

    /// <summary>Whether a unit code exists (the API answers 404 for an unknown one rather than an empty list).</summary>
    public async Task<bool> UnitExistsAsync(string unitCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Units.AnyAsync(u => u.Code == unitCode, cancellationToken);
    }
}
