using System.Collections.Frozen;
using System.Text.Json;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Calendar;

/// <summary>
/// Holiday schedules: those shipped with the product, overridden by those administrators recorded in the
/// database. Working-day arithmetic reads an in-memory snapshot; <see cref="RefreshAsync"/> reloads it
/// (at start, after an edit on this node, and every minute for edits made on other nodes).
/// </summary>
public sealed class StoredHolidayScheduleSource(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time) : IHolidayScheduleSource
{
    private static readonly IReadOnlyList<HolidaySchedule> Shipped = OfficialHolidaySchedules.Load();
    private FrozenDictionary<int, HolidaySchedule> _snapshot = Shipped.ToFrozenDictionary(s => s.Year);
    private FrozenDictionary<int, string> _stored = FrozenDictionary<int, string>.Empty;

    public HolidaySchedule? Find(int year) => _snapshot.GetValueOrDefault(year);

    /// <summary>Whether the schedule of <paramref name="year"/> was recorded by an administrator (not shipped).</summary>
    public bool IsEdited(int year) => _stored.ContainsKey(year);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.HolidaySchedules.AsNoTracking().ToListAsync(cancellationToken);
        var stored = rows.ToFrozenDictionary(r => r.Year, r => r.Json);
        if (stored.Count == _stored.Count && stored.All(pair => _stored.TryGetValue(pair.Key, out var json) && json == pair.Value))
        {
            return; // unchanged: keep the same instances, which the calendar caches on
        }

        var schedules = Shipped.ToDictionary(s => s.Year);
        foreach (var (year, json) in stored)
        {
            try
            {
                schedules[year] = OfficialHolidaySchedules.Read(json);
            }
            catch (JsonException)
            {
                // Stored only after validation; a row edited by hand that no longer parses leaves the default.
                schedules.Remove(year);
            }
        }

        _snapshot = schedules.ToFrozenDictionary();
        _stored = stored;
    }

    /// <summary>Records (or replaces) the schedule of its year.</summary>
    /// <exception cref="ArgumentException">The schedule is inconsistent; the message lists why.</exception>
    public async Task SaveAsync(HolidaySchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var problems = schedule.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(schedule));
        }

        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.HolidaySchedules.FindAsync([schedule.Year], cancellationToken);
            if (row is null)
            {
                db.HolidaySchedules.Add(new HolidayScheduleRecord { Year = schedule.Year, Json = OfficialHolidaySchedules.Write(schedule), UpdatedAt = time.GetUtcNow() });
            }
            else
            {
                row.Json = OfficialHolidaySchedules.Write(schedule);
                row.UpdatedAt = time.GetUtcNow();
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await RefreshAsync(cancellationToken);
    }

    /// <summary>Forgets an administrator's schedule: the shipped one (or the default rule) applies again.</summary>
    public async Task<bool> DeleteAsync(int year, CancellationToken cancellationToken)
    {
        int deleted;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            deleted = await db.HolidaySchedules.Where(r => r.Year == year).ExecuteDeleteAsync(cancellationToken);
        }

        await RefreshAsync(cancellationToken);
        return deleted > 0;
    }
}
