using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// Materialises the occurrences of every rule in force over the planning horizon. Idempotent: an occurrence
/// is unique per rule and due date, so running it again, or on two nodes at once, adds nothing.
/// </summary>
/// <remarks>
/// <para>
/// A rule is planned from the start of the current year (or its own start, when later), not from today, so the
/// calendar shows the year as the plan wrote it and compliance counts from the first day. What is already past
/// when planned is <see cref="Occurrence.Backfilled"/>: on record as not marked done, never reminded. A rule that
/// already has occurrences this year before today (its history) gets no backfill: after an edit, history stays as
/// it happened.
/// </para>
/// <para>
/// A run plans only what changed since the last one (the planning fingerprint): the days past
/// <see cref="PlanningHorizon.PlannedThrough"/> for every rule, and the rules with no <see cref="PlannedRule"/> (never
/// planned) or one whose version is not their <see cref="DeadlineRule.UpdatedAt"/> (edited and not re-planned: the
/// process stopped before its <see cref="RulePlanningBacklog"/> got to it). Due dates depend on nothing else: the holiday
/// schedules move reminder days and a deadline's Civil Code end, which the reminders compute when they are made, and
/// who belongs to a unit decides who is reminded, not what is due.
/// </para>
/// <para>
/// Dates are computed once per rule shape (recurrence, validity, first day) and the rows a batch lacks are found
/// with one read, made only when one probe over the batch's range of rule ids finds an occurrence there. On PostgreSQL
/// the rules with no occurrence in the range yet (all of them on a first run) get theirs
/// from one <c>INSERT … SELECT</c> that pairs each rule with its shape's dates (<see cref="Expansion"/>), the others
/// with one <c>COPY</c> (<see cref="BulkSql.InsertNewAsync{TRow}"/>); SQLite takes multi-row inserts. A nightly run
/// reads only the rules whose recurrence has a due date in the days coming into view.
/// </para>
/// </remarks>
public sealed partial class DeadlinePlanner(
    IDbContextFactory<ChildCareDbContext> contexts,
    TimeProvider time,
    DeadlineSettings settings,
    ILogger<DeadlinePlanner> logger)
{
    private const int RulesPerBatch = 2000;

    /// <summary>A batch's read looks at most this many batches' worth of rule ids.</summary>
    private const int IdWindowBatches = 8;

    /// <summary>At most this many connections write at once, leaving the pool to the rest of the application.</summary>
    private const int MaxConnections = 4;

    private static readonly string[] Columns = ["rule_id", "unit_id", "due_date", "end_date", "status", "backfilled"];

    /// <summary>How far back a nightly run re-plans from the horizon's end: a week of missed nights.</summary>
    public const int NightlyTailDays = 7;

    /// <summary>
    /// The run at every start: plans what changed since the last run (see the remarks); on a new install, or the
    /// first time after an upgrade, every rule from the start of this year (backfilling what has passed).
    /// </summary>
    public Task<PlanningResult> PlanAllAsync(CancellationToken cancellationToken) => PlanChangesAsync(cancellationToken);

    /// <summary>
    /// The nightly run: the days the horizon moved on (at least the last <see cref="NightlyTailDays"/>), and the rules
    /// changed and not re-planned; the same work as <see cref="PlanAllAsync"/>, which a start does.
    /// </summary>
    public Task<PlanningResult> PlanHorizonTailAsync(CancellationToken cancellationToken) => PlanChangesAsync(cancellationToken);

    private async Task<PlanningResult> PlanChangesAsync(CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(time);
        var to = today.AddDays(settings.PlanningHorizonDays);
        var watch = Stopwatch.StartNew();
        DateOnly? plannedThrough;
        List<long> changed;
        HashSet<long> unplanned;
        int parallelism;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // PostgreSQL's work per row (the heap and four indexes) is most of the time: a second connection
            // uses a second core. SQLite has one writer at a time.
            parallelism = db.IsPostgres ? Math.Clamp(Environment.ProcessorCount, 1, MaxConnections) : 1;
            plannedThrough = await db.PlanningHorizons.AsNoTracking()
                .Where(h => h.Id == PlanningHorizon.SingletonId).Select(h => (DateOnly?)h.PlannedThrough).SingleOrDefaultAsync(cancellationToken);
            // One join finds both: the rules never planned (no mark; deleted ones need none) and the edited ones (a mark
            // of another definition), so no batch read below looks up a rule's mark again.
            var marks = await (
                from r in db.DeadlineRules.AsNoTracking()
                join p in db.PlannedRules.AsNoTracking() on r.Id equals p.RuleId into found
                from p in found.DefaultIfEmpty()
                where (p == null && r.DeletedAt == null) || (p != null && p.Version != r.UpdatedAt)
                orderby r.Id
                select new { r.Id, Unplanned = p == null }).ToListAsync(cancellationToken);
            changed = [.. marks.Where(m => !m.Unplanned).Select(m => m.Id)];
            unplanned = [.. marks.Where(m => m.Unplanned).Select(m => m.Id)];
        }

        // Edited rules whose re-planning was lost with the process: as the edit would have done it.
        var inserted = 0;
        foreach (var id in changed)
        {
            inserted += await ReplanAsync(id, cancellationToken);
        }

        // Every rule over the days that came into view; rules never planned from the start of the year.
        var extend = plannedThrough is not { } through || through < to;
        var yearStart = YearStart(today);
        var tailFrom = plannedThrough is { } last ? Min(last.AddDays(1), to.AddDays(-NightlyTailDays)) : yearStart;
        var shapes = new ShapeCache(to);
        var (rules, fresh) = (changed.Count, 0);
        IReadOnlyList<string>? due = null;
        if (extend && plannedThrough is not null)
        {
            // The nightly run: of the rules planned before, only those with a due date in the days coming into view
            // (a few of twenty shapes on most nights), chosen by their recurrence alone (their validity only narrows).
            // The rules never planned are read whatever their recurrence, so theirs need not be left out here.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var recurrences = await db.DeadlineRules.AsNoTracking()
                .Where(r => r.DeletedAt == null).Select(r => r.Recurrence).Distinct().ToListAsync(cancellationToken);
            due = recurrences.Where(text => Slots(text, null, null, tailFrom, to).Any()).ToList();
        }

        await Parallel.ForEachAsync(
            BatchesAsync(extend, due, unplanned, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, token) =>
            {
                await using var db = await contexts.CreateDbContextAsync(token);
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                var added = await InsertAsync(db, batch, r => r.Unplanned ? yearStart : tailFrom, to, today, shapes, token);
                // Planned from the definitions read: a rule edited since then has another UpdatedAt, so it stays
                // marked for the edit's own re-planning (or the next run). Another node planning the same rule
                // meanwhile has marked it already.
                var unplanned = batch.Where(r => r.Unplanned).ToList();
                await MarkPlannedAsync(db, unplanned, token);
                await transaction.CommitAsync(token);
                Interlocked.Add(ref inserted, added);
                Interlocked.Add(ref rules, batch.Count);
                Interlocked.Add(ref fresh, unplanned.Count);
            });

        if (extend)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await BulkSql.InsertIgnoringDuplicatesAsync(db, "planning_horizon", ["id", "planned_through"], "id",
                [[PlanningHorizon.SingletonId, to]], cancellationToken);
            await db.PlanningHorizons.Where(h => h.Id == PlanningHorizon.SingletonId && h.PlannedThrough < to)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.PlannedThrough, to), cancellationToken);
        }

        var from = extend ? tailFrom : fresh > 0 ? yearStart : to;
        LogPlanned(rules, changed.Count, fresh, inserted, Day(from), Day(to), watch.ElapsedMilliseconds);
        return new PlanningResult(rules, inserted, from, to);
    }

    /// <summary>
    /// The live rules in id order, a batch at a time: when the horizon stays, only those never planned
    /// (<paramref name="unplanned"/>); when it moves on, those never planned and, of the others, every one or only those
    /// whose recurrence is one of <paramref name="due"/>.
    /// </summary>
    private async IAsyncEnumerable<List<RuleSlice>> BatchesAsync(
        bool everyRule, IReadOnlyList<string>? due, HashSet<long> unplanned, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!everyRule)
        {
            foreach (var ids in unplanned.Order().Chunk(RulesPerBatch))
            {
                List<RuleSlice> batch;
                await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
                {
                    batch = await SlicesAsync(
                        db.DeadlineRules.AsNoTracking().Where(r => ids.Contains(r.Id) && r.DeletedAt == null).OrderBy(r => r.Id), unplanned, cancellationToken);
                }

                if (batch.Count > 0)
                {
                    yield return batch;
                }
            }

            yield break;
        }

        long after = 0;
        long last = 0;
        while (true)
        {
            List<RuleSlice> batch;
            long upTo;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                if (after >= last)
                {
                    // Read again at the end: rules added meanwhile are planned too (over the days the run plans; they
                    // are marked planned by their own re-planning, or found unplanned by the next run).
                    last = await db.DeadlineRules.MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
                    if (after >= last)
                    {
                        yield break;
                    }
                }

                // A window of ids, not only a limit: on rules just imported, which PostgreSQL has no statistics of
                // yet, it guessed the filters below keep almost nothing and read the whole table for every batch
                // (50 ms each, a fifth of a first plan); a window keeps each read to its own ids, whatever the guess.
                upTo = after + (RulesPerBatch * IdWindowBatches);
                var query = db.DeadlineRules.AsNoTracking().Where(r => r.Id > after && r.Id <= upTo && r.DeletedAt == null);
                if (due is not null)
                {
                    var (from, through) = (after, upTo);
                    var fresh = unplanned.Where(id => id > from && id <= through).ToList();
                    query = query.Where(r => due.Contains(r.Recurrence) || fresh.Contains(r.Id));
                }

                batch = await SlicesAsync(query.OrderBy(r => r.Id).Take(RulesPerBatch), unplanned, cancellationToken);
            }

            if (batch.Count == 0)
            {
                after = upTo;
                continue;
            }

            after = batch[^1].Id;
            yield return batch;
        }
    }

    /// <summary>What planning reads of <paramref name="rules"/>, each marked unplanned when it is in <paramref name="unplanned"/>.</summary>
    private static async Task<List<RuleSlice>> SlicesAsync(IQueryable<DeadlineRule> rules, HashSet<long> unplanned, CancellationToken cancellationToken) =>
        [.. (await rules.Select(r => new RuleSlice(r.Id, r.UnitId, r.Recurrence, r.ValidFrom, r.ValidUntil, r.UpdatedAt, false)).ToListAsync(cancellationToken))
            .Select(r => unplanned.Contains(r.Id) ? r with { Unplanned = true } : r)];

    /// <summary>
    /// Brings one rule's future occurrences in line with its current definition after an edit or delete:
    /// open occurrences it no longer has are cancelled with their pending reminders, new ones are added, and
    /// pending reminders are dropped so the next reminder run makes them again with the new lead times.
    /// Past and done occurrences are history and stay.
    /// </summary>
    public Task ReplanRuleAsync(long ruleId, CancellationToken cancellationToken) => ReplanAsync(ruleId, cancellationToken);

    /// <returns>The occurrences added.</returns>
    private async Task<int> ReplanAsync(long ruleId, CancellationToken cancellationToken)
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
        var inserted = 0;
        if (rule.DeletedAt is null)
        {
            var yearStart = YearStart(today);
            inserted = await InsertAsync(db, [RuleSlice.Of(rule)], _ => yearStart, to, today, new ShapeCache(to), cancellationToken);
        }

        // Planned from this definition; an edit committed meanwhile has another UpdatedAt, so the rule stays marked
        // for its own re-planning.
        var version = rule.UpdatedAt;
        if (await db.PlannedRules.Where(p => p.RuleId == ruleId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, version), cancellationToken) == 0)
        {
            await MarkPlannedAsync(db, [RuleSlice.Of(rule)], cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>
    /// Marks <paramref name="rules"/> planned from the definitions read, skipping those another node has marked meanwhile;
    /// on PostgreSQL as one statement of two arrays, not two parameters a rule.
    /// </summary>
    private static Task MarkPlannedAsync(ChildCareDbContext db, IReadOnlyList<RuleSlice> rules, CancellationToken cancellationToken) =>
        rules.Count == 0 ? Task.CompletedTask
        : db.IsPostgres ? MarkPlannedOnPostgresAsync(db, rules, cancellationToken)
        : BulkSql.InsertIgnoringDuplicatesAsync(db, "planned_rules", ["rule_id", "version"], "rule_id",
            rules.Select(r => new object?[] { r.Id, db.TimeValue(r.UpdatedAt) }), cancellationToken);

    /// <summary>A method of its own so that a SQLite node, which never calls it, never loads Npgsql.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> MarkPlannedOnPostgresAsync(ChildCareDbContext db, IReadOnlyList<RuleSlice> rules, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO planned_rules (rule_id, version) SELECT * FROM unnest(@ids, @versions) ON CONFLICT (rule_id) DO NOTHING",
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rules.Select(r => r.Id).ToArray() },
                new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rules.Select(r => r.UpdatedAt.ToUniversalTime()).ToArray() },
            ],
            cancellationToken);

    /// <summary>The occurrences of one rule in [from, to], limited to its validity.</summary>
    public static IEnumerable<Recurrence.Slot> Slots(DeadlineRule rule, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Slots(RuleSlice.Of(rule), from, to);
    }

    private static IEnumerable<Recurrence.Slot> Slots(RuleSlice rule, DateOnly from, DateOnly to) =>
        Slots(rule.Recurrence, rule.ValidFrom, rule.ValidUntil, from, to);

    private static IEnumerable<Recurrence.Slot> Slots(string text, DateOnly? validFrom, DateOnly? validUntil, DateOnly from, DateOnly to)
    {
        if (validFrom is { } start && start > from)
        {
            from = start;
        }

        if (validUntil is { } end && end < to)
        {
            to = end;
        }

        return from > to || !Recurrence.TryParse(text, out var recurrence, out _) ? [] : recurrence.Between(from, to);
    }

    /// <summary>The first day planned: the first of January of <paramref name="today"/>'s year.</summary>
    public static DateOnly YearStart(DateOnly today) => new(today.Year, 1, 1);

    /// <summary>
    /// Inserts the occurrences from each rule's first day to <paramref name="to"/> that are missing, inside the open
    /// transaction. The part before <paramref name="today"/> is backfill, written only for rules with no occurrence
    /// there yet. One read finds what the rules already have; the rest is written in one statement.
    /// </summary>
    private static async Task<int> InsertAsync(
        ChildCareDbContext db, IReadOnlyList<RuleSlice> rules, Func<RuleSlice, DateOnly> firstDay, DateOnly to, DateOnly today,
        ShapeCache shapes, CancellationToken cancellationToken)
    {
        var earliest = rules.Min(firstDay);
        var ids = rules.Select(r => r.Id).ToList();
        var existing = new HashSet<(long RuleId, DateOnly Due)>();
        // Rules with no occurrence at all (a first plan, a plan just imported) are told by one probe of the
        // (rule_id, due_date) index over their range of ids, instead of a look-up of every id that finds nothing.
        var (low, high) = (ids.Min(), ids.Max());
        if (await db.Occurrences.AnyAsync(o => o.RuleId >= low && o.RuleId <= high, cancellationToken))
        {
            foreach (var o in await db.Occurrences.AsNoTracking()
                         .Where(o => ids.Contains(o.RuleId) && o.DueDate >= earliest && o.DueDate <= to)
                         .Select(o => new { o.RuleId, o.DueDate }).ToListAsync(cancellationToken))
            {
                existing.Add((o.RuleId, o.DueDate));
            }
        }

        var withHistory = existing.Where(k => k.Due < today).Select(k => k.RuleId).ToHashSet();
        var touched = existing.Select(k => k.RuleId).ToHashSet();
        var expansion = new Expansion();
        var rows = new List<Row>();
        foreach (var rule in rules)
        {
            var from = firstDay(rule);
            from = from < today && withHistory.Contains(rule.Id) ? today : from;
            var slots = shapes.Slots(rule, from);
            if (slots.Length == 0)
            {
                continue;
            }

            if (db.IsPostgres && !touched.Contains(rule.Id))
            {
                expansion.Add(rule, slots);
            }
            else
            {
                rows.AddRange(slots.Where(slot => !existing.Contains((rule.Id, slot.Due)))
                    .Select(slot => new Row(rule.Id, rule.UnitId, slot.Due, slot.End, slot.Due < today)));
            }
        }

        var inserted = expansion.IsEmpty ? 0 : await expansion.InsertAsync(db, today, cancellationToken);
        return rows.Count == 0
            ? inserted
            : inserted + await BulkSql.InsertNewAsync(db, "occurrences", Columns, "rule_id, due_date", rows, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL: the occurrences of rules that have none yet in the range, made by the database from each rule and
    /// its shape's due dates (a rule is three numbers; its dates are sent once per shape), not sent row by row: sending
    /// millions of rows cost the planner as much CPU as writing them cost PostgreSQL. A plain insert; when another
    /// writer added some of them since the read (two nodes planning at once), again skipping those, as one statement.
    /// </summary>
    private sealed class Expansion
    {
        private const string Insert = """
            INSERT INTO occurrences (rule_id, unit_id, due_date, end_date, status, backfilled)
            SELECT r.rule_id, r.unit_id, d.due_date, d.end_date, @open, d.due_date < @today
            FROM unnest(@rules, @units, @shapes) AS r (rule_id, unit_id, shape)
            JOIN unnest(@slot_shapes, @dues, @ends) AS d (shape, due_date, end_date) ON d.shape = r.shape
            """;

        private readonly Dictionary<Recurrence.Slot[], int> _shapes = new(ReferenceEqualityComparer.Instance);
        private readonly List<long> _rules = [];
        private readonly List<long> _units = [];
        private readonly List<int> _ruleShapes = [];
        private readonly List<int> _slotShapes = [];
        private readonly List<DateOnly> _dues = [];
        private readonly List<DateOnly?> _ends = [];

        public bool IsEmpty => _rules.Count == 0;

        /// <summary>A rule and its due dates (one <see cref="ShapeCache"/> array per shape, so compared by reference).</summary>
        public void Add(RuleSlice rule, Recurrence.Slot[] slots)
        {
            if (!_shapes.TryGetValue(slots, out var shape))
            {
                shape = _shapes.Count;
                _shapes.Add(slots, shape);
                foreach (var slot in slots)
                {
                    _slotShapes.Add(shape);
                    _dues.Add(slot.Due);
                    _ends.Add(slot.End);
                }
            }

            _rules.Add(rule.Id);
            _units.Add(rule.UnitId);
            _ruleShapes.Add(shape);
        }

        /// <returns>The occurrences inserted.</returns>
        public Task<int> InsertAsync(ChildCareDbContext db, DateOnly today, CancellationToken cancellationToken) =>
            BulkSql.InsertOrSkipTakenAsync(
                db,
                () => db.Database.ExecuteSqlRawAsync(Insert, Parameters(today), cancellationToken),
                () => db.Database.ExecuteSqlRawAsync(Insert + " ON CONFLICT (rule_id, due_date) DO NOTHING", Parameters(today), cancellationToken),
                cancellationToken);

        private NpgsqlParameter[] Parameters(DateOnly today) =>
        [
            new("open", NpgsqlDbType.Integer) { Value = (int)OccurrenceStatus.Open },
            new("today", NpgsqlDbType.Date) { Value = today },
            new("rules", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _rules.ToArray() },
            new("units", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _units.ToArray() },
            new("shapes", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = _ruleShapes.ToArray() },
            new("slot_shapes", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = _slotShapes.ToArray() },
            new("dues", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = _dues.ToArray() },
            new("ends", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = _ends.ToArray() },
        ];
    }

    /// <summary>One occurrence to insert, in the order of <see cref="Columns"/>; always open.</summary>
    private readonly record struct Row(long RuleId, long UnitId, DateOnly Due, DateOnly? End, bool Backfilled) : ICopyRow<Row>
    {
        public static object?[] Values(Row row) => [row.RuleId, row.UnitId, row.Due, row.End, (int)OccurrenceStatus.Open, row.Backfilled];

        public static async Task WriteAsync(NpgsqlBinaryImporter writer, Row row, CancellationToken cancellationToken)
        {
            await writer.WriteAsync(row.RuleId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.UnitId, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(row.Due, NpgsqlDbType.Date, cancellationToken);
            if (row.End is { } end)
            {
                await writer.WriteAsync(end, NpgsqlDbType.Date, cancellationToken);
            }
            else
            {
                await writer.WriteNullAsync(cancellationToken);
            }

            await writer.WriteAsync((int)OccurrenceStatus.Open, NpgsqlDbType.Integer, cancellationToken);
            await writer.WriteAsync(row.Backfilled, NpgsqlDbType.Boolean, cancellationToken);
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// What planning reads of a rule; <c>UpdatedAt</c>: the definition read; <c>Unplanned</c>: never planned, so planned
    /// from the start of the year.
    /// </summary>
    private sealed record RuleSlice(
        long Id, long UnitId, string Recurrence, DateOnly? ValidFrom, DateOnly? ValidUntil, DateTimeOffset UpdatedAt, bool Unplanned = false)
    {
        public static RuleSlice Of(DeadlineRule rule) => new(rule.Id, rule.UnitId, rule.Recurrence, rule.ValidFrom, rule.ValidUntil, rule.UpdatedAt);
    }

    /// <summary>
    /// The due dates of each rule shape over one run: ten thousand units' "monthly last" from the same first day
    /// are computed once, not ten thousand times (lunar dates above all are dear).
    /// </summary>
    private sealed class ShapeCache(DateOnly to)
    {
        private readonly ConcurrentDictionary<(string Recurrence, DateOnly? ValidFrom, DateOnly? ValidUntil, DateOnly From), Recurrence.Slot[]> _slots = [];

        public Recurrence.Slot[] Slots(RuleSlice rule, DateOnly from) =>
            _slots.GetOrAdd((rule.Recurrence, rule.ValidFrom, rule.ValidUntil, from),
                key => [.. DeadlinePlanner.Slots(key.Recurrence, key.ValidFrom, key.ValidUntil, key.From, to)]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadlines: planned {Rules} rules ({Changed} edited, {Unplanned} new) from {From} to {To}, {Inserted} new occurrences, {Milliseconds} ms")]
    private partial void LogPlanned(int rules, int changed, int unplanned, int inserted, string from, string to, long milliseconds);
}
