using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /reminders?show=&amp;unit=</c>: the reminders of the user's units from 30 days back to 7 days ahead, each
/// with what became of it (waiting, delivered, failed, the official unreachable, skipped), whether the task was
/// acknowledged (marked done) and by whom; the counts of each; and the officials the bot cannot reach.
/// </summary>
internal static class RemindersPage
{
    public const string Path = "/reminders";
    private const int MaxRows = 2000;
    private const int ShownRows = 300;

    internal enum Outcome
    {
        Waiting,
        Delivered,
        Failed,
        Unreachable,
        Skipped,
        Cancelled,
    }

    internal sealed record Row(long Id, DateTimeOffset SendAt, ReminderKind Kind, int LeadDays, long OfficialId, long UnitId, string Title, string Due, Outcome Outcome, DateTimeOffset? DeliveredAt, DateTimeOffset? DoneAt, long? DoneBy);

    internal sealed record Unreachable(long OfficialId, string? Name, DateTimeOffset Since, string Reason);

    public static IEndpointRouteBuilder MapRemindersPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string? show, string? unit, HttpContext http, WebSettings web, TimeProvider time, HolidayCalendar holidays,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

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
                ReminderStatus.Pending => Outcome.Waiting,
                ReminderStatus.Skipped => Outcome.Skipped,
                ReminderStatus.Cancelled => Outcome.Cancelled,
                _ => message?.Status switch
                {
                    OutboxStatus.Sent => Outcome.Delivered,
                    OutboxStatus.Failed => Outcome.Failed,
                    OutboxStatus.Unreachable => Outcome.Unreachable,
                    _ => Outcome.Waiting,
                },
            };
            return new Row(r.Id, r.SendAt, r.Kind, r.LeadDays, r.OfficialId, r.UnitId, OccurrenceTitles.For(language == Language.En ? r.TitleEn : r.TitleVi, r.RuleKind, r.Recurrence, r.DueDate),
                r.RuleKind == RuleKind.Deadline ? DeadlineEnds.Days(r.DueDate, holidays, language) : CoreTexts.DateWithWeekday(r.DueDate, language), outcome, message?.SentAt, r.DoneAt, r.DoneByOfficialId);
        }).ToList();

        var unreachable = await UnreachableAsync(db, ids, cancellationToken);
        var names = await DashboardEndpoints.OfficialNamesAsync(contexts, rows.Select(r => (long?)r.OfficialId).Concat(rows.Select(r => r.DoneBy)), cancellationToken);
        var main = Render(user, whole, scope, unit, show, rows, unreachable, names);
        return DashboardLayout.Page(http, user, language, DashboardTexts.Get("RemindersTitle", language), "", main, section: "reminders");
    }

    internal static string OutboxKey(long reminderId) => string.Create(CultureInfo.InvariantCulture, $"reminder:{reminderId}");

    // Officials of the units whose chat refused the bot (blocked it, or the account is gone): they get nothing until they write again.
    private static async Task<List<Unreachable>> UnreachableAsync(ChildCareDbContext db, List<long> unitIds, CancellationToken cancellationToken) =>
        await (from official in db.Officials.AsNoTracking()
               join chat in db.UnreachableChats.AsNoTracking() on new { official.Channel, official.ChatId } equals new { chat.Channel, chat.ChatId }
               where official.Subscriptions.Any(s => unitIds.Contains(s.UnitId))
               orderby chat.Since descending
               select new Unreachable(official.Id, official.DisplayName, chat.Since, chat.Reason))
            .Take(200).ToListAsync(cancellationToken);

    private static HtmlBuilder Render(
        DashboardUser user, DashboardScope whole, DashboardScope scope, string? unit, string? show, IReadOnlyList<Row> rows,
        List<Unreachable> unreachable, Dictionary<long, string> names)
    {
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var html = Heading(new HtmlBuilder(), T("RemindersTitle"), T("RemindersWindow"));

        // The counts first: what a supervisor wants at a glance.
        var counts = new (string Key, int Count, string Css)[]
        {
            ("CountDelivered", rows.Count(r => r.Outcome == Outcome.Delivered), "ok"),
            ("CountAcknowledged", rows.Count(r => r.DoneAt is not null && r.SendAt <= r.DoneAt), "ok"),
            ("CountSnoozed", rows.Count(r => r.Kind == ReminderKind.Snoozed), ""),
            ("CountWaiting", rows.Count(r => r.Outcome == Outcome.Waiting), ""),
            ("CountFailed", rows.Count(r => r.Outcome is Outcome.Failed or Outcome.Unreachable), "bad"),
            ("CountEscalated", rows.Count(r => r.Kind is ReminderKind.Overdue or ReminderKind.Escalation), "warn"),
        };
        html.Raw("<ul class=\"stats\">");
        foreach (var (key, count, css) in counts)
        {
            html.Raw("<li class=\"stat ").Attr(css).Raw("\"><strong>").Text(count.ToString(CultureInfo.InvariantCulture)).Raw("</strong><span>").Text(T(key)).Raw("</span></li>");
        }

        html.Raw("</ul>");

        html.Raw("<form method=\"get\" action=\"reminders\" class=\"filters card\">");
        UnitSelect(html, whole, unit, language);
        html.Raw("<label>").Text(T("FilterShow")).Raw("<select name=\"show\">");
        foreach (var choice in new[] { "all", "failed", "snoozed", "escalated", "waiting", "acknowledged" })
        {
            Option(html, choice, T("Show" + choice), (show ?? "all") == choice);
        }

        html.Raw("</select></label><div class=\"buttons\"><button type=\"submit\">").Text(T("FilterApply")).Raw("</button><a class=\"button secondary\" href=\"reminders\">")
            .Text(T("FilterClear")).Raw("</a></div></form>");

        if (unreachable.Count > 0)
        {
            html.Raw("<section class=\"card warning\"><h2>").Text(T("UnreachableTitle")).Raw("</h2><p class=\"muted\">").Text(T("UnreachableHelp")).Raw("</p><ul>");
            foreach (var person in unreachable)
            {
                html.Raw("<li>").Text(person.Name ?? DashboardTexts.Format("ActorOfficial", language, person.OfficialId)).Raw(" <span class=\"muted\">")
                    .Text(DashboardTexts.Format("UnreachableSince", language, Core.Cases.CaseNotifier.Local(person.Since))).Raw("</span></li>");
            }

            html.Raw("</ul></section>");
        }

        var shown = rows.Where(r => (show ?? "all") switch
        {
            "failed" => r.Outcome is Outcome.Failed or Outcome.Unreachable,
            "snoozed" => r.Kind == ReminderKind.Snoozed,
            "escalated" => r.Kind is ReminderKind.Overdue or ReminderKind.Escalation,
            "waiting" => r.Outcome == Outcome.Waiting,
            "acknowledged" => r.DoneAt is not null,
            _ => true,
        }).Take(ShownRows).ToList();
        if (shown.Count == 0)
        {
            return html.Raw("<p class=\"card empty\">").Text(T("RemindersEmpty")).Raw("</p>");
        }

        TableHead(html, "list reminders", language, "ColSendAt", "ColOfficial", "ColTask", "ColUnit", "ColKind", "ColOutcome", "ColAcknowledged");
        foreach (var row in shown)
        {
            html.Raw(row.Outcome is Outcome.Failed or Outcome.Unreachable ? "<tr class=\"overdue\">" : "<tr>");
            Cell(html, T("ColSendAt")).Text(Core.Cases.CaseNotifier.Local(row.SendAt)).Raw("</td>");
            Cell(html, T("ColOfficial")).Text(Name(row.OfficialId, names, user, language)).Raw("</td>");
            Cell(html, T("ColTask")).Text(row.Title).Raw(" <span class=\"muted\">").Text(DashboardTexts.Format("DueOn", language, row.Due)).Raw("</span></td>");
            Cell(html, T("ColUnit")).Text(UnitName(scope.Find(row.UnitId), language)).Raw("</td>");
            Cell(html, T("ColKind")).Text(row.Kind == ReminderKind.Ahead ? DashboardTexts.Format("KindAhead", language, row.LeadDays) : T("Kind" + row.Kind)).Raw("</td>");
            Cell(html, T("ColOutcome")).Raw("<span class=\"pill ").Attr(row.Outcome.ToString().ToLowerInvariant()).Raw("\">").Text(T("Outcome" + row.Outcome)).Raw("</span>");
            if (row.DeliveredAt is { } delivered)
            {
                html.Raw(" <span class=\"muted\">").Text(Core.Cases.CaseNotifier.Local(delivered)).Raw("</span>");
            }

            html.Raw("</td>");
            Cell(html, T("ColAcknowledged")).Text(row.DoneAt is { } done
                ? DashboardTexts.Format("DoneBy", language, Name(row.DoneBy ?? 0, names, user, language), Core.Cases.CaseNotifier.Local(done))
                : "—").Raw("</td></tr>");
        }

        return html.Raw("</tbody></table>");
    }

    private static string Name(long official, Dictionary<long, string> names, DashboardUser user, Language language) =>
        official == user.OfficialId ? DashboardTexts.Format("ActorYou", language, user.Name)
        : names.TryGetValue(official, out var name) ? name : DashboardTexts.Format("ActorOfficial", language, official);
}
