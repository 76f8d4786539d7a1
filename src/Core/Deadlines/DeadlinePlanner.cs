using System.Diagnostics;
using System.Globalization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// Materialises the occurrences of every rule in force over the planning horizon. Idempotent: an occurrence
/// is unique per rule and due date, so running it again, or on two nodes at once, adds nothing.
/// </summary>
/// <remarks>
/// A rule is planned from the start of the current year (or its own start, when later), not from today, so the
/// calendar shows the year as the plan wrote it and compliance counts from the first day. What is already past
/// when planned is <see cref="Occurrence.Backfilled"/>: on record as not marked done, never reminded. A rule that
/// already has occurrences this year before today (its history) gets no backfill: after an edit, history stays as
/// it happened.
/// </remarks>
public sealed partial class DeadlinePlanner(
    IDbContextFactory<ChildCareDbContext> contexts,
    TimeProvider time,
    DeadlineSettings settings,
    ILogger<DeadlinePlanner> logger)
{
    private const int RulesPerBatch = 2000;

    private static readonly string[] Columns = ["rule_id", "unit_id", "due_date", "end_date", "status", "backfilled"];

    /// <summary>How far back a nightly run re-plans from the horizon's end: a week of missed nights.</summary>
    public const int NightlyTailDays = 7;

    /// <summary>Plans every rule from the start of this year (backfilling what has passed) over the horizon.</summary>
    public Task<PlanningResult> PlanAllAsync(CancellationToken cancellationToken) => PlanAsync(full: true, cancellationToken);

    /// <summary>
    /// The nightly run: only the last <see cref="NightlyTailDays"/> days of the horizon, which each night
    /// brings into view. Everything before them was planned by an earlier night, by the full run at every
    /// start, or by the re-planning of a rule when it was edited or imported.
    /// </summary>
    public Task<PlanningResult> PlanHorizonTailAsync(CancellationToken cancellationToken) => PlanAsync(full: false, cancellationToken);

    private async Task<PlanningResult> PlanAsync(bool full, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(time);
        var to = today.AddDays(settings.PlanningHorizonDays);
        var from = full ? YearStart(today) : to.AddDays(-NightlyTailDays);
        var watch = Stopwatch.StartNew();
        var (rules, inserted) = (0, 0);
        long after = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var batch = await db.DeadlineRules.AsNoTracking()
                .Where(r => r.Id > after && r.DeletedAt == null)
                .OrderBy(r => r.Id)
                .Take(RulesPerBatch)
                .Select(r => new RuleSlice(r.Id, r.UnitId, r.Recurrence, r.ValidFrom, r.ValidUntil))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            inserted += await InsertAsync(db, batch, from, to, today, cancellationToken);
            rules += batch.Count;
            after = batch[^1].Id;
        }

        LogPlanned(rules, inserted, from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), watch.ElapsedMilliseconds);
        return new PlanningResult(rules, inserted, from, to);
    }

    /// <summary>
    /// Brings one rule's future occurrences in line with its current definition after an edit or delete:
    /// open occurrences it no longer has are cancelled with their pending reminders, new ones are added, and
    /// pending reminders are dropped so the next reminder run makes them again with the new lead times.
    /// Past and done occurrences are history and stay.
    /// </summary>
    public async Task ReplanRuleAsync(long ruleId, CancellationToken cancellationToken)
    {
        var from = VietnamTime.Today(time);
        var to = from.AddDays(settings.PlanningHorizonDays);
        var today = from;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rule = await db.DeadlineRules.AsNoTracking().SingleAsync(r => r.Id == ruleId, cancellationToken);
        var wanted = rule.DeletedAt is null
            ? Slots(RuleSlice.Of(rule), from, to).ToDictionary(s => s.Due)
            : [];

        // A deleted rule also drops its open occurrences whose deadline has just passed: no overdue notice for it.
        var future = rule.DeletedAt is null
            ? await db.Occurrences.Where(o => o.RuleId == ruleId && o.DueDate >= from).ToListAsync(cancellationToken)
            : await db.Occurrences.Where(o => o.RuleId == ruleId && (o.DueDate >= from || o.Status == OccurrenceStatus.Open)).ToListAsync(cancellationToken);
        foreach (var occurrence in future)
        {
            // Done stays done: Keep and Cancel refuse it.
            _ = wanted.TryGetValue(occurrence.DueDate, out var slot)
                ? occurrence.Keep(slot.End, rule.UnitId)
                : occurrence.Cancel();
        }

        await db.SaveChangesAsync(cancellationToken);
        var futureIds = future.Select(o => o.Id).ToList();
        await db.Reminders
            .Where(r => futureIds.Contains(r.OccurrenceId) && r.Status == ReminderStatus.Pending)
            .ExecuteDeleteAsync(cancellationToken);
        if (rule.DeletedAt is null)
        {
            await InsertAsync(db, [RuleSlice.Of(rule)], YearStart(today), to, today, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The occurrences of one rule in [from, to], limited to its validity.</summary>
    public static IEnumerable<Recurrence.Slot> Slots(DeadlineRule rule, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Slots(RuleSlice.Of(rule), from, to);
    }

    private static IEnumerable<Recurrence.Slot> Slots(RuleSlice rule, DateOnly from, DateOnly to)
    {
        if (rule.ValidFrom is { } validFrom && validFrom > from)
        {
            from = validFrom;
        }

        if (rule.ValidUntil is { } validUntil && validUntil < to)
        {
            to = validUntil;
        }

        return from > to || !Recurrence.TryParse(rule.Recurrence, out var recurrence, out _) ? [] : recurrence.Between(from, to);
    }

    /// <summary>The first day planned: the first of January of <paramref name="today"/>'s year.</summary>
    public static DateOnly YearStart(DateOnly today) => new(today.Year, 1, 1);

    /// <summary>
    /// Inserts the occurrences in [from, to] that are missing. The part before <paramref name="today"/> is backfill,
    /// written only for rules with no occurrence there yet.
    /// </summary>
    private static async Task<int> InsertAsync(ChildCareDbContext db, IReadOnlyList<RuleSlice> rules, DateOnly from, DateOnly to, DateOnly today, CancellationToken cancellationToken)
    {
        var withHistory = new HashSet<long>();
        if (from < today)
        {
            var ids = rules.Select(r => r.Id).ToList();
            withHistory = [.. await db.Occurrences.AsNoTracking()
                .Where(o => ids.Contains(o.RuleId) && o.DueDate >= from && o.DueDate < today)
                .Select(o => o.RuleId).Distinct().ToListAsync(cancellationToken)];
        }

        var rows = rules.SelectMany(rule => Slots(rule, withHistory.Contains(rule.Id) ? today : from, to)
            .Select(slot => new object?[] { rule.Id, rule.UnitId, slot.Due, slot.End, (int)OccurrenceStatus.Open, slot.Due < today }));
        var useTransaction = db.Database.CurrentTransaction is null;
        await using var transaction = useTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var inserted = await BulkSql.InsertIgnoringDuplicatesAsync(db, "occurrences", Columns, "rule_id, due_date", rows, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return inserted;
    }

    private sealed record RuleSlice(long Id, long UnitId, string Recurrence, DateOnly? ValidFrom, DateOnly? ValidUntil)
    {
        public static RuleSlice Of(DeadlineRule rule) => new(rule.Id, rule.UnitId, rule.Recurrence, rule.ValidFrom, rule.ValidUntil);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadlines: planned {Rules} rules from {From} to {To}, {Inserted} new occurrences, {Milliseconds} ms")]
    private partial void LogPlanned(int rules, int inserted, string from, string to, long milliseconds);
}
