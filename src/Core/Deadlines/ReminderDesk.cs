using ChildCare.Core.Calendar;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// What an official does with deadlines in chat: list the upcoming ones and press the reminder buttons (done,
/// snooze, details). Returns the messages to send; the channel enqueues them.
/// </summary>
public sealed partial class ReminderDesk(
    IDbContextFactory<ChildCareDbContext> contexts,
    HolidayCalendar calendar,
    TimeProvider time,
    DeadlineSettings settings,
    ILogger<ReminderDesk> logger)
{
    public const int UpcomingDays = 60;
    private const int UpcomingLines = 15;
    private const int OverdueLines = 5;

    public async Task<IReadOnlyList<OutboundMessage>> UpcomingAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await FindAsync(db, person, cancellationToken);
        if (official is null)
        {
            return [Reply(person, CoreTexts.Get("NotAnOfficial", person.Language))];
        }

        var today = VietnamTime.Today(time);
        var until = today.AddDays(UpcomingDays);
        var subscriptions = official.Subscriptions.Select(s => new { s.UnitId, s.Role }).ToList();
        var unitIds = subscriptions.Select(s => s.UnitId).Distinct().ToList();
        var candidates = await db.Occurrences.AsNoTracking()
            .Where(o => unitIds.Contains(o.UnitId) && o.Status == OccurrenceStatus.Open && o.DueDate >= today.AddDays(-UpcomingDays) && o.DueDate <= until)
            .OrderBy(o => o.DueDate)
            .Select(o => new { o.Id, o.DueDate, o.UnitId, o.Rule!.Role, o.Rule.Kind, o.Rule.Recurrence, o.Rule.TitleVi, o.Rule.TitleEn, UnitVi = o.Rule.Unit!.NameVi, UnitEn = o.Rule.Unit.NameEn })
            .ToListAsync(cancellationToken);
        var ownRole = candidates
            .Where(o => subscriptions.Any(s => s.UnitId == o.UnitId && (s.Role == o.Role || s.Role == OfficialRole.Supervisor)))
            .ToList();
        // Deadlines past their legal end and not marked done, since the unit had an official: first, each with its
        // done button (an official who reads only the chat, or the web chat, has no reminder to press it on).
        var tracked = await DeadlineTracking.SinceAsync(db, unitIds, cancellationToken);
        var overdue = ownRole
            .Where(o => o.Kind == RuleKind.Deadline && DeadlineRule.IsOver(o.Kind, o.DueDate, today, calendar) && DeadlineTracking.Counts(o.DueDate, o.UnitId, tracked, calendar))
            .OrderByDescending(o => o.DueDate)
            .Take(OverdueLines)
            .ToList();
        var mine = ownRole.Where(o => o.DueDate >= today.AddDays(-7) && !DeadlineRule.IsOver(o.Kind, o.DueDate, today, calendar)).ToList();
        if (mine.Count == 0 && overdue.Count == 0)
        {
            return [Reply(person, CoreTexts.Format("UpcomingNone", person.Language, UpcomingDays))];
        }

        var en = person.Language == Language.En;
        var lines = new List<string>();
        if (overdue.Count > 0)
        {
            lines.Add(CoreTexts.Get("UpcomingOverdueHeader", person.Language));
            lines.AddRange(overdue.Select((o, i) => CoreTexts.Format(
                "UpcomingOverdueLine",
                person.Language,
                i + 1,
                MessageHtml.Escape(OccurrenceTitles.For(en ? o.TitleEn : o.TitleVi, o.Kind, o.Recurrence, o.DueDate)),
                MessageHtml.Escape(en ? o.UnitEn : o.UnitVi),
                DeadlineEnds.Due(o.Kind, o.DueDate, calendar, person.Language),
                ReminderTexts.Countdown(DeadlineEnds.LastDay(o.DueDate, calendar), today, person.Language))));
        }

        lines.Add(mine.Count == 0 ? CoreTexts.Format("UpcomingNone", person.Language, UpcomingDays) : CoreTexts.Format("UpcomingHeader", person.Language, UpcomingDays));
        lines.AddRange(mine.Take(UpcomingLines).Select(o => CoreTexts.Format(
            "UpcomingLine",
            person.Language,
            MessageHtml.Escape(OccurrenceTitles.For(en ? o.TitleEn : o.TitleVi, o.Kind, o.Recurrence, o.DueDate)),
            MessageHtml.Escape(en ? o.UnitEn : o.UnitVi),
            DeadlineEnds.Due(o.Kind, o.DueDate, calendar, person.Language),
            ReminderTexts.Countdown(o.Kind == RuleKind.Deadline ? DeadlineEnds.LastDay(o.DueDate, calendar) : o.DueDate, today, person.Language))));
        if (mine.Count > UpcomingLines)
        {
            lines.Add(CoreTexts.Format("UpcomingMore", person.Language, mine.Count - UpcomingLines));
        }

        var text = string.Join("\n", lines);
        return overdue.Count == 0
            ? [Reply(person, text)]
            : [new OutboundMessage(person.ChatId, text, MessagePriority.Reply, MessagePurposes.Official,
                ReminderTexts.DigestButtons([.. overdue.Select(o => (o.Id, false))], person.Language), Channel: person.Channel)];
    }

    /// <summary>A reminder button: <paramref name="action"/> is "done", "snz" or "info".</summary>
    public async Task<IReadOnlyList<OutboundMessage>> ActAsync(ChatPerson person, string action, long occurrenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await FindAsync(db, person, cancellationToken);
        var occurrence = await db.Occurrences.Include(o => o.Rule!).ThenInclude(r => r.Unit).Include(o => o.Rule!.Themes)
            .SingleOrDefaultAsync(o => o.Id == occurrenceId, cancellationToken);
        if (occurrence is null)
        {
            return [Reply(person, CoreTexts.Get("NotFound", person.Language))];
        }

        if (official is null || !official.Subscriptions.Any(s => s.UnitId == occurrence.UnitId))
        {
            return [Reply(person, CoreTexts.Get("NotYours", person.Language))];
        }

        return action switch
        {
            "done" => await DoneAsync(db, person, official, occurrence, cancellationToken),
            "snz" => await SnoozeAsync(db, person, official, occurrence, cancellationToken),
            _ => [Reply(person, Details(occurrence, person.Language))],
        };
    }

    /// <summary>
    /// The web's done button (an official who may have no chat): recorded as the chat's button records it, and the
    /// others who were reminded are told the same; <see cref="DeadlineDone.Tell"/> holds their messages to enqueue.
    /// </summary>
    public async Task<DeadlineDone> MarkDoneAsync(long officialId, long occurrenceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.Include(o => o.Subscriptions).SingleOrDefaultAsync(o => o.Id == officialId, cancellationToken);
        var occurrence = await db.Occurrences.Include(o => o.Rule!).ThenInclude(r => r.Unit).SingleOrDefaultAsync(o => o.Id == occurrenceId, cancellationToken);
        if (occurrence is null)
        {
            return new DeadlineDone(DeadlineDoneOutcome.NotFound, []);
        }

        if (official is null || !official.Subscriptions.Any(s => s.UnitId == occurrence.UnitId))
        {
            return new DeadlineDone(DeadlineDoneOutcome.NotYours, []);
        }

        var tell = await MarkAsync(db, official, occurrence, cancellationToken);
        return tell is null ? new DeadlineDone(DeadlineDoneOutcome.Already, []) : new DeadlineDone(DeadlineDoneOutcome.Done, tell);
    }

    private async Task<IReadOnlyList<OutboundMessage>> DoneAsync(ChildCareDbContext db, ChatPerson person, Official official, Occurrence occurrence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (occurrence.Status == OccurrenceStatus.Done)
        {
            return [Reply(person, CoreTexts.Format("DoneAlready", person.Language, Local(occurrence.DoneAt!.Value), TimeTexts.FromNow(occurrence.DoneAt!.Value, now, person.Language)))];
        }

        if (await MarkAsync(db, official, occurrence, cancellationToken) is not { } others)
        {
            await db.Entry(occurrence).ReloadAsync(cancellationToken);
            return [Reply(person, CoreTexts.Format("DoneAlready", person.Language, Local(occurrence.DoneAt ?? now), TimeTexts.FromNow(occurrence.DoneAt ?? now, now, person.Language)))];
        }

        var rule = occurrence.Rule!;
        return
        [
            Reply(person, CoreTexts.Format("DoneConfirmed", person.Language, MessageHtml.Escape(rule.Title(person.Language, occurrence.DueDate)), DeadlineEnds.Due(rule.Kind, occurrence.DueDate, calendar, person.Language), Local(now))),
            .. others,
        ];
    }

    /// <summary>
    /// Marks the occurrence done by <paramref name="official"/> (once: null when someone was first), cancels its
    /// reminders, and answers what to tell everyone else who was reminded of it: the rule's role in the unit and the
    /// unit's supervisors.
    /// </summary>
    private async Task<IReadOnlyList<OutboundMessage>?> MarkAsync(ChildCareDbContext db, Official official, Occurrence occurrence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await Occurrence.MarkDoneAsync(db.Occurrences.Where(o => o.Id == occurrence.Id), official.Id, now, cancellationToken))
        {
            return null;
        }

        await Reminder.CancelAsync(db.Reminders.Where(r => r.OccurrenceId == occurrence.Id), cancellationToken);
        LogDone(occurrence.Id);

        var rule = occurrence.Rule!;
        var others = await db.Subscriptions.AsNoTracking()
            .Where(s => s.UnitId == occurrence.UnitId && (s.Role == rule.Role || s.Role == OfficialRole.Supervisor) && s.OfficialId != official.Id)
            .Select(s => s.Official!)
            .Distinct()
            .ToListAsync(cancellationToken);
        return [.. others.Select(other => new OutboundMessage(
            other.ChatId,
            CoreTexts.Format("DoneByOther", other.Language, MessageHtml.Escape(rule.Title(other.Language, occurrence.DueDate)), DeadlineEnds.Due(rule.Kind, occurrence.DueDate, calendar, other.Language),
                official.DisplayName is { } name ? MessageHtml.Escape(name) : CoreTexts.Get("AColleague", other.Language), Local(now)),
            MessagePriority.Reminder,
            MessagePurposes.ReminderDone,
            DedupKey: FormattableString.Invariant($"done:{occurrence.Id}:{other.Id}"),
            Channel: other.Channel))];
    }

    private async Task<IReadOnlyList<OutboundMessage>> SnoozeAsync(ChildCareDbContext db, ChatPerson person, Official official, Occurrence occurrence, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(time);
        var day = calendar.NextWorkingDay(today);
        if (occurrence.Snooze(official.Id, day, VietnamTime.At(day, settings.ReminderTime), calendar.DeadlineEnd(occurrence.DueDate)) is not { } snoozed)
        {
            return [Reply(person, CoreTexts.Get("SnoozeTooLate", person.Language))];
        }

        var lead = snoozed.LeadDays;
        if (!await SnoozeExistsAsync(db, occurrence.Id, official.Id, lead, cancellationToken))
        {
            db.Reminders.Add(snoozed);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Pressed twice at once, one snooze is recorded, which is what was asked; anything else is a real fault.
                // A fresh context: the failed insert is still tracked by this one.
                await using var check = await contexts.CreateDbContextAsync(cancellationToken);
                if (!await SnoozeExistsAsync(check, occurrence.Id, official.Id, lead, cancellationToken))
                {
                    throw;
                }
            }
        }

        return [Reply(person, CoreTexts.Format("Snoozed", person.Language, CoreTexts.DateWithWeekday(day, person.Language), day.ToDateTime(settings.ReminderTime)))];
    }

    private string Details(Occurrence occurrence, Language language)
    {
        var rule = occurrence.Rule!;
        var schedule = rule.Schedule();
        var when = DeadlineEnds.Due(rule.Kind, occurrence.DueDate, calendar, language)
            + (occurrence.EndDate is { } end ? " – " + CoreTexts.DateWithWeekday(end, language) : "")
            + (schedule.IsLunar ? " (" + ReminderTexts.Lunar(occurrence.DueDate, language) + ")" : "");
        var lines = new List<string>
        {
            CoreTexts.Format("Details", language, MessageHtml.Escape(rule.Title(language, occurrence.DueDate)), MessageHtml.Escape(rule.Unit!.Name(language)), when, schedule.ToString(), MessageHtml.Escape(rule.PlanTitle ?? CoreTexts.Get("NoPlan", language))),
        };
        if (rule.ThemeOf(occurrence.DueDate.Year) is { } theme)
        {
            lines.Add(CoreTexts.Format("ReminderTheme", language, occurrence.DueDate.Year, MessageHtml.Escape(theme.Text(language))));
        }

        if (rule.Source is { } source)
        {
            lines.Add(CoreTexts.Format("DetailsSource", language, MessageHtml.Escape(source)));
        }

        lines.Add(occurrence.Status == OccurrenceStatus.Done
            ? CoreTexts.Format("DetailsStatusDone", language, Local(occurrence.DoneAt!.Value))
            : CoreTexts.Get("DetailsStatusOpen", language));
        return string.Join("\n", lines);
    }

    private static Task<bool> SnoozeExistsAsync(ChildCareDbContext db, long occurrenceId, long officialId, int lead, CancellationToken cancellationToken) =>
        db.Reminders.AnyAsync(r => r.OccurrenceId == occurrenceId && r.OfficialId == officialId && r.Kind == ReminderKind.Snoozed && r.LeadDays == lead, cancellationToken);

    private static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, VietnamTime.Zone).DateTime;

    private static Task<Official?> FindAsync(ChildCareDbContext db, ChatPerson person, CancellationToken cancellationToken) =>
        db.Officials.Include(o => o.Subscriptions).SingleOrDefaultAsync(o => o.Channel == person.Channel && o.ChatId == person.ChatId, cancellationToken);

    private static OutboundMessage Reply(ChatPerson person, string text) =>
        new(person.ChatId, text, MessagePriority.Reply, MessagePurposes.Official, Channel: person.Channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadlines: occurrence {OccurrenceId} marked done")]
    private partial void LogDone(long occurrenceId);
}
