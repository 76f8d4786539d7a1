using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Reminders;

/// <summary>
/// <c>GET /reminders?show=&amp;unit=</c>: the reminders of the user's units from 30 days back to 7 days ahead, each
/// with what became of it (waiting, delivered, failed, the official unreachable, skipped), whether the task was
/// acknowledged (marked done) and by whom; the counts of each; and the officials the bot cannot reach.
/// </summary>
internal static class RemindersEndpoints
{
    public const string Path = "/reminders";
    private const int MaxRows = 2000;
    internal const int ShownRows = 300;

    public static RouteGroupBuilder MapRemindersPage(this RouteGroupBuilder officials)
    {
        officials.MapGet(Path, ShowAsync);
        return officials;
    }

    private static async Task<IResult> ShowAsync(
        string? show, string? unit, DashboardUser user, HttpContext http, TimeProvider time, HolidayCalendar holidays,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var language = user.Language;
        var now = time.GetUtcNow();
        var from = now.AddDays(-30);
        var until = now.AddDays(7);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var whole = await DashboardScope.ForAsync(db, user, cancellationToken);
        var scope = whole.Within(unit);
        var ids = scope.Ids.ToList();
        var reminders = await db.Reminders.AsNoTracking()
            .Where(r => ids.Contains(r.Occurrence!.UnitId) && r.SendAt >= from && r.SendAt <= until)
            .OrderByDescending(r => r.SendAt).ThenByDescending(r => r.Id)
            .Take(MaxRows)
            .Select(r => new
            {
                r.Id, r.SendAt, r.Kind, r.LeadDays, r.OfficialId, r.Status, r.Occurrence!.UnitId, r.Occurrence.DueDate,
                r.Occurrence.DoneAt, r.Occurrence.DoneByOfficialId, r.Occurrence.Rule!.TitleVi, r.Occurrence.Rule.TitleEn, RuleKind = r.Occurrence.Rule.Kind, r.Occurrence.Rule.Recurrence,
            })
            .ToListAsync(cancellationToken);

        // What the outbox made of each reminder it was handed (its row is keyed "reminder:{id}").
        var keys = reminders.Where(r => r.Status == ReminderStatus.Sent).Select(r => OutboxKey(r.Id)).ToList();
        var sent = (await db.OutboxMessages.AsNoTracking().Where(m => m.DedupKey != null && keys.Contains(m.DedupKey))
            .Select(m => new { m.DedupKey, m.Status, m.SentAt }).ToListAsync(cancellationToken))
            .ToDictionary(m => m.DedupKey!);
        var rows = reminders.Select(r =>
        {
            sent.TryGetValue(OutboxKey(r.Id), out var message);
            var outcome = r.Status switch
            {
                ReminderStatus.Pending => ReminderOutcome.Waiting,
                ReminderStatus.Skipped => ReminderOutcome.Skipped,
                ReminderStatus.Cancelled => ReminderOutcome.Cancelled,
                _ => message?.Status switch
                {
                    OutboxStatus.Sent => ReminderOutcome.Delivered,
                    OutboxStatus.Failed => ReminderOutcome.Failed,
                    OutboxStatus.Unreachable => ReminderOutcome.Unreachable,
                    _ => ReminderOutcome.Waiting,
                },
            };
            return new ReminderRow(r.Id, r.SendAt, r.Kind, r.LeadDays, r.OfficialId, r.UnitId, OccurrenceTitles.For(language == Language.En ? r.TitleEn : r.TitleVi, r.RuleKind, r.Recurrence, r.DueDate),
                DeadlineEnds.Due(r.RuleKind, r.DueDate, holidays, language), outcome, message?.SentAt, r.DoneAt, r.DoneByOfficialId);
        }).ToList();

        var unreachable = await UnreachableAsync(db, ids, cancellationToken);
        var names = await OfficialNames.ForAsync(contexts, rows.Select(r => (long?)r.OfficialId).Concat(rows.Select(r => r.DoneBy)), cancellationToken);
        return PageResults.Page<RemindersPage>(http, new { User = user, Whole = whole, Scope = scope, Unit = unit, Show = show, Rows = rows, Unreachable = unreachable, Names = names });
    }

    internal static string OutboxKey(long reminderId) => string.Create(CultureInfo.InvariantCulture, $"reminder:{reminderId}");

    // Officials of the units whose chat refused the bot (blocked it, or the account is gone): they get nothing until they write again.
    private static async Task<List<UnreachableOfficial>> UnreachableAsync(ChildCareDbContext db, List<long> unitIds, CancellationToken cancellationToken) =>
        await (from official in db.Officials.AsNoTracking()
               join chat in db.UnreachableChats.AsNoTracking() on new { official.Channel, official.ChatId } equals new { chat.Channel, chat.ChatId }
               where official.Subscriptions.Any(s => unitIds.Contains(s.UnitId))
               orderby chat.Since descending
               select new UnreachableOfficial(official.Id, official.DisplayName, chat.Since, chat.Reason))
            .Take(200).ToListAsync(cancellationToken);
}
