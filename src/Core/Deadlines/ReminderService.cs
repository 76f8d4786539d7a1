using System.Diagnostics;
using ChildCare.Core.Calendar;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// Turns open occurrences into reminders for their officials and hands due reminders to the outbox.
/// <para>
/// Materialising: every lead time of every open occurrence whose moment falls before the end of the reminder
/// window gets one row per recipient (unique per occurrence, official, kind and lead time, so repeated or
/// concurrent runs add nothing). A moment on a day off moves to the previous working day. Past the deadline
/// (the Civil Code end: the next working day when the due date is a day off) come one overdue notice on the
/// next working day and one escalation to the supervisors a working day later.
/// </para>
/// <para>
/// Sending: of the reminders due for one occurrence and official only the latest is sent; an earlier one is
/// skipped rather than sent as if it were fresh. A reminder sent more than <see cref="DeadlineSettings.LateAfter"/>
/// after its moment says it is late. Reminders of an occurrence marked done are cancelled. Several reminders
/// due for one official at once go as one message listing them (up to eight), each with its own buttons.
/// </para>
/// </summary>
public sealed partial class ReminderService(
    IDbContextFactory<ChildCareDbContext> contexts,
    IOutbox outbox,
    HolidayCalendar calendar,
    TimeProvider time,
    DeadlineSettings settings,
    ILogger<ReminderService> logger)
{
    private const int SendChunk = 500;

    /// <summary>At most this many reminders in one message: eight rows of buttons, a text well under Telegram's 4,096 characters.</summary>
    private const int DigestMax = 8;
    private const int LongestDaysOff = 16;
    private static readonly string[] Columns = ["occurrence_id", "official_id", "kind", "lead_days", "send_at", "status", "late"];

    /// <summary>Creates the reminders whose moment is before now + the reminder window.</summary>
    public async Task<int> MaterialiseAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var horizon = now + settings.ReminderWindow;
        var today = VietnamTime.Today(time);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Rules share a handful of shapes: parse each once, not once per occurrence.
        var leadsByShape = (await db.DeadlineRules.AsNoTracking().Where(r => r.DeletedAt == null)
                .Select(r => new { r.Recurrence, r.LeadDays }).Distinct().ToListAsync(cancellationToken))
            .ToDictionary(r => (r.Recurrence, r.LeadDays), r => DeadlineRule.LeadsOf(r.Recurrence, r.LeadDays));
        var maxLead = leadsByShape.Values.Select(leads => leads.DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();

        // Escalations come up to about two weeks after the due date (Tết); earlier ones are history.
        var first = today.AddDays(-20);
        // A reminder day on a day off moves earlier, by up to the longest run of days off (Tết: about 10 days).
        var last = today.AddDays(maxLead + (int)Math.Ceiling(settings.ReminderWindow.TotalDays) + LongestDaysOff);
        var occurrences = await db.Occurrences.AsNoTracking()
            .Where(o => o.Status == OccurrenceStatus.Open && !o.Backfilled && o.Rule!.DeletedAt == null && o.DueDate >= first && o.DueDate <= last)
            .Select(o => new { o.Id, o.DueDate, o.UnitId, o.Rule!.Kind, o.Rule.Role, o.Rule.Recurrence, o.Rule.LeadDays })
            .ToListAsync(cancellationToken);
        if (occurrences.Count == 0)
        {
            return 0;
        }

        var recipients = await RecipientsAsync(db, cancellationToken);
        var rows = new List<object?[]>();
        foreach (var o in occurrences)
        {
            var responsible = recipients.Of(o.UnitId, o.Role);
            if (!DeadlineRule.IsOver(o.Kind, o.DueDate, today, calendar))
            {
                // A rule added since the first query is not among the shapes: parse it here.
                var leads = leadsByShape.TryGetValue((o.Recurrence, o.LeadDays), out var known) ? known : DeadlineRule.LeadsOf(o.Recurrence, o.LeadDays);
                foreach (var (lead, day) in AheadDays(o.DueDate, leads))
                {
                    var moment = VietnamTime.At(day, settings.ReminderTime);
                    if (moment <= horizon)
                    {
                        AddRows(rows, db, o.Id, responsible, ReminderKind.Ahead, lead, moment);
                    }
                }
            }

            if (o.Kind == RuleKind.Deadline)
            {
                var overdueDay = OverdueDay(o.DueDate);
                var overdue = VietnamTime.At(overdueDay, settings.ReminderTime);
                if (overdue <= horizon)
                {
                    AddRows(rows, db, o.Id, responsible, ReminderKind.Overdue, 0, overdue);
                }

                var escalation = VietnamTime.At(calendar.NextWorkingDay(overdueDay), settings.ReminderTime);
                if (escalation <= horizon)
                {
                    AddRows(rows, db, o.Id, recipients.SupervisorsOf(o.UnitId, o.Role), ReminderKind.Escalation, 0, escalation);
                }
            }
        }

        int inserted;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            inserted = await BulkSql.InsertIgnoringDuplicatesAsync(db, "reminders", Columns, "occurrence_id, official_id, kind, lead_days", rows, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        LogMaterialised(occurrences.Count, rows.Count, inserted, watch.ElapsedMilliseconds);
        return inserted;

        void AddRows(List<object?[]> target, ChildCareDbContext context, long occurrenceId, IReadOnlyList<Recipient> people, ReminderKind kind, int lead, DateTimeOffset moment)
        {
            foreach (var person in people)
            {
                // Someone who joined later is not owed the reminders of before they joined.
                if (moment >= person.Since - settings.ReminderWindow || kind != ReminderKind.Ahead)
                {
                    target.Add([occurrenceId, person.OfficialId, (int)kind, lead, context.TimeValue(moment), (int)ReminderStatus.Pending, false]);
                }
            }
        }
    }

    /// <summary>The first working day after the deadline's end: when the overdue notice goes out.</summary>
    public DateOnly OverdueDay(DateOnly due) => calendar.NextWorkingDay(calendar.DeadlineEnd(due));

    /// <summary>Reminder days for each lead time, moved off days off; two leads landing on one day keep the shorter.</summary>
    public IEnumerable<(int Lead, DateOnly Day)> AheadDays(DateOnly due, IReadOnlyList<int> leads) =>
        leads.Where(lead => due.DayNumber - lead >= DateOnly.MinValue.DayNumber)
            .Select(lead => (Lead: lead, Day: calendar.ReminderDay(due.AddDays(-lead))))
            .GroupBy(x => x.Day)
            .Select(g => g.MinBy(x => x.Lead));

    /// <summary>Sends every due reminder (see the class remarks for which are skipped); returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var now = time.GetUtcNow();
        var today = VietnamTime.Today(time);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Reminders.AsNoTracking()
            .Where(r => r.Status == ReminderStatus.Pending && r.SendAt <= now)
            .Select(r => new DueReminder(r.Id, r.OccurrenceId, r.OfficialId, r.Kind, r.LeadDays, r.SendAt,
                r.Occurrence!.Rule!.DeletedAt == null ? r.Occurrence.Status : OccurrenceStatus.Cancelled, r.Occurrence.DueDate, r.Occurrence.Rule.Kind))
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var cancelled = new List<long>();
        var skipped = new List<long>();
        var toSend = new List<DueReminder>();
        foreach (var group in due.GroupBy(r => (r.OccurrenceId, r.OfficialId, Class: r.Kind is ReminderKind.Ahead or ReminderKind.Snoozed ? ReminderKind.Ahead : r.Kind)))
        {
            var latest = group.MaxBy(r => r.SendAt)!;
            foreach (var reminder in group.Where(r => r != latest))
            {
                skipped.Add(reminder.Id);
            }

            var deadlinePassed = DeadlineRule.IsOver(latest.RuleKind, latest.DueDate, today, calendar);
            if (latest.OccurrenceStatus != OccurrenceStatus.Open)
            {
                cancelled.Add(latest.Id);
            }
            else if (group.Key.Class == ReminderKind.Ahead && deadlinePassed)
            {
                skipped.Add(latest.Id); // the overdue notice speaks for it now
            }
            else
            {
                toSend.Add(latest);
            }
        }

        foreach (var chunk in cancelled.Chunk(SendChunk))
        {
            await Reminder.CancelAsync(db.Reminders.Where(r => chunk.Contains(r.Id)), cancellationToken);
        }

        foreach (var chunk in skipped.Chunk(SendChunk))
        {
            await Reminder.SkipAsync(db.Reminders.Where(r => chunk.Contains(r.Id)), cancellationToken);
        }

        var sent = 0;
        // An official's reminders stay in one chunk, so they can go as one message.
        foreach (var chunk in toSend.GroupBy(r => r.OfficialId).Chunk(SendChunk / DigestMax))
        {
            sent += await SendChunkAsync(db, [.. chunk.SelectMany(g => g)], now, today, cancellationToken);
        }

        LogDispatched(sent, skipped.Count, cancelled.Count, watch.ElapsedMilliseconds);
        return sent;
    }

    private async Task<int> SendChunkAsync(ChildCareDbContext db, DueReminder[] chunk, DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        var occurrenceIds = chunk.Select(r => r.OccurrenceId).Distinct().ToList();
        var occurrences = await db.Occurrences.AsNoTracking().Where(o => occurrenceIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var ruleIds = occurrences.Values.Select(o => o.RuleId).Distinct().ToList();
        var rules = await db.DeadlineRules.AsNoTracking().Include(r => r.Themes).Where(r => ruleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var unitIds = occurrences.Values.Select(o => o.UnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var officialIds = chunk.Select(r => r.OfficialId).Distinct().ToList();
        var officials = await db.Officials.AsNoTracking().Where(o => officialIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);

        var messages = new List<OutboundMessage>(chunk.Length);
        var late = new List<long>();
        var onTime = new List<long>();
        var items = new List<DigestItem>(chunk.Length);
        foreach (var reminder in chunk)
        {
            var occurrence = occurrences[reminder.OccurrenceId];
            var rule = rules[occurrence.RuleId];
            var official = officials[reminder.OfficialId];
            var isLate = now - reminder.SendAt > settings.LateAfter;
            var moved = reminder.Kind == ReminderKind.Ahead && calendar.IsDayOff(occurrence.DueDate.AddDays(-reminder.LeadDays));
            var text = ReminderTexts.Reminder(reminder.Kind, rule, units[occurrence.UnitId], occurrence, today, official.Language, isLate, moved, calendar.DeadlineEnd(occurrence.DueDate));
            var canSnooze = reminder.Kind is ReminderKind.Ahead or ReminderKind.Snoozed && calendar.NextWorkingDay(today) <= occurrence.DueDate;
            items.Add(new DigestItem(reminder, official, occurrence.DueDate, text, canSnooze));
            (isLate ? late : onTime).Add(reminder.Id);
        }

        foreach (var official in items.GroupBy(i => i.Official.Id))
        {
            // Overdue notices and escalations first, then the nearest deadline.
            var ordered = official.OrderBy(i => i.Reminder.Kind is ReminderKind.Ahead or ReminderKind.Snoozed).ThenBy(i => i.DueDate).ThenBy(i => i.Reminder.Id).ToList();
            foreach (var part in ordered.Chunk(DigestMax))
            {
                messages.Add(part.Length == 1 ? Single(part[0]) : Digest(part));
            }
        }
        // Enqueue first: a crash before the status update enqueues again next run and the dedup key drops it.
        await outbox.EnqueueAsync(messages, cancellationToken);
        await Reminder.MarkSentAsync(db.Reminders.Where(r => onTime.Contains(r.Id)), now, late: false, cancellationToken);
        await Reminder.MarkSentAsync(db.Reminders.Where(r => late.Contains(r.Id)), now, late: true, cancellationToken);
        return chunk.Length;
    }

    private static OutboundMessage Single(DigestItem item) => new(
        item.Official.ChatId,
        item.Text,
        MessagePriority.Reminder,
        MessagePurposes.Reminder,
        ReminderTexts.Buttons(item.Reminder.OccurrenceId, item.Official.Language, item.CanSnooze),
        DedupKey: FormattableString.Invariant($"reminder:{item.Reminder.Id}"),
        Channel: item.Official.Channel);

    /// <summary>
    /// Several reminders due for one official at once go as one message listing them, each with its own buttons:
    /// one message to read instead of three, and a national morning sent in a third of the time. Each reminder
    /// keeps its own row and status; the dedup key names them all, so a rerun after a crash adds nothing.
    /// </summary>
    private static OutboundMessage Digest(DigestItem[] items)
    {
        var official = items[0].Official;
        return new OutboundMessage(
            official.ChatId,
            ReminderTexts.Digest([.. items.Select(i => i.Text)], official.Language),
            MessagePriority.Reminder,
            MessagePurposes.Reminder,
            ReminderTexts.DigestButtons([.. items.Select(i => (i.Reminder.OccurrenceId, i.CanSnooze))], official.Language),
            DedupKey: "reminders:" + string.Join(',', items.Select(i => i.Reminder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            Channel: official.Channel);
    }

    private sealed record DigestItem(DueReminder Reminder, Official Official, DateOnly DueDate, string Text, bool CanSnooze);

    private static async Task<Recipients> RecipientsAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        var subscriptions = await db.Subscriptions.AsNoTracking()
            .Select(s => new { s.UnitId, s.Role, s.OfficialId, s.Since })
            .ToListAsync(cancellationToken);
        var parents = await db.Units.AsNoTracking().Where(u => u.ParentId != null)
            .ToDictionaryAsync(u => u.Id, u => u.ParentId!.Value, cancellationToken);
        var byUnitRole = subscriptions
            .GroupBy(s => (s.UnitId, s.Role))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Recipient>)g.Select(s => new Recipient(s.OfficialId, s.Since)).ToList());
        return new Recipients(byUnitRole, parents);
    }

    private sealed record Recipient(long OfficialId, DateTimeOffset Since);

    /// <summary>Who receives what, from the subscriptions: the rule's role in its unit; escalations go to the
    /// unit's supervisors, or when it has none to the parent unit's supervisors, or else to the parent unit's
    /// officials of the rule's role (the office the report was owed to).</summary>
    private sealed class Recipients(Dictionary<(long UnitId, OfficialRole Role), IReadOnlyList<Recipient>> byUnitRole, Dictionary<long, long> parents)
    {
        public IReadOnlyList<Recipient> Of(long unitId, OfficialRole role) => byUnitRole.GetValueOrDefault((unitId, role)) ?? [];

        public IReadOnlyList<Recipient> SupervisorsOf(long unitId, OfficialRole role)
        {
            var own = Of(unitId, OfficialRole.Supervisor);
            if (own.Count > 0 || !parents.TryGetValue(unitId, out var parent))
            {
                return own;
            }

            var parentSupervisors = Of(parent, OfficialRole.Supervisor);
            return parentSupervisors.Count > 0 ? parentSupervisors : Of(parent, role);
        }
    }

    private sealed record DueReminder(long Id, long OccurrenceId, long OfficialId, ReminderKind Kind, int LeadDays, DateTimeOffset SendAt, OccurrenceStatus OccurrenceStatus, DateOnly DueDate, RuleKind RuleKind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders: {Occurrences} open occurrences in the window, {Candidates} reminders owed, {Inserted} new, {Milliseconds} ms")]
    private partial void LogMaterialised(int occurrences, int candidates, int inserted, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminders: {Sent} handed to the outbox, {Skipped} skipped, {Cancelled} cancelled, {Milliseconds} ms")]
    private partial void LogDispatched(int sent, int skipped, int cancelled, long milliseconds);
}
