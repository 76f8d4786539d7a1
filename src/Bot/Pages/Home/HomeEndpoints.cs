using ChildCare.Bot.Pages.Exports;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Home;

/// <summary><c>GET /</c>, the landing page for everyone, and <c>GET /overview</c>, the first page after sign-in.</summary>
internal static class HomeEndpoints
{
    public const string OverviewPath = "/overview";
    private const int ShownDeadlines = 8;

    public static RouteGroupBuilder MapHomePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/", (string? lang, HttpContext http) =>
            PageResults.Page<Landing>(http, new { Language = lang == "en" ? Language.En : Language.Vi })).AllowAnonymous();
        pages.MapGet(OverviewPath, OverviewAsync).RequireAuthorization(PageAccess.Official);
        return pages;
    }

    private static async Task<IResult> OverviewAsync(
        string? m, DashboardUser user, HttpContext http, CaseDesk desk, TimeProvider time, HolidayCalendar holidays, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = VietnamTime.Today(time);
        var open = user.Viewer is null ? [] : (await desk.ListAsync(user.Viewer, new CaseFilter(Limit: 1000), cancellationToken)).Where(c => c.Stage != CaseStage.Closed).ToList();

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await DashboardScope.ForAsync(db, user, cancellationToken);
        var ids = scope.Ids.ToList();
        var weekEnd = today.AddDays(7);
        var deadlines = await db.Occurrences.AsNoTracking()
            .Where(o => ids.Contains(o.UnitId) && o.Status == OccurrenceStatus.Open && o.Rule!.Kind == RuleKind.Deadline && o.DueDate <= weekEnd && o.DueDate >= today.AddDays(-366))
            .OrderBy(o => o.DueDate).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.DueDate, o.UnitId, o.Rule!.TitleVi, o.Rule.TitleEn, o.Rule.Kind, o.Rule.Recurrence })
            .Take(2000)
            .ToListAsync(cancellationToken);
        var own = await Calendar.DeadlineDoneEndpoints.OwnUnitsAsync(db, user, cancellationToken);
        OverviewDeadline Line(long id, DateOnly due, long unitId, string title) =>
            new(title, PageText.UnitName(scope.Find(unitId), user.Language), DeadlineEnds.Due(RuleKind.Deadline, due, holidays, user.Language), id, own.Contains(unitId));
        // Overdue only since someone followed the unit: a deadline that ended before its first official joined was nobody's.
        var tracked = await DeadlineTracking.SinceAsync(db, ids, cancellationToken);
        var overdue = deadlines.Where(d => DeadlineRule.IsOver(d.Kind, d.DueDate, today, holidays) && DeadlineTracking.Counts(d.DueDate, d.UnitId, tracked, holidays)).ToList();
        var coming = deadlines.Where(d => !DeadlineRule.IsOver(d.Kind, d.DueDate, today, holidays) && d.DueDate >= today).ToList();
        string Title(string vi, string en, string recurrence, DateOnly due) => OccurrenceTitles.For(user.Language == Language.En ? en : vi, RuleKind.Deadline, recurrence, due);

        var compliance = await ExportsEndpoints.ComplianceAsync(contexts, user, today.Year, today, holidays, cancellationToken);
        CaseAttention? attention = null;
        List<Core.Units.Unit> unjoined = [];
        if (user.IsAdministrator)
        {
            attention = await desk.AttentionAsync(cancellationToken);
            unjoined = await db.Units.AsNoTracking().Where(u => !db.Subscriptions.Any(s => s.UnitId == u.Id)).OrderBy(u => u.Code).ToListAsync(cancellationToken);
        }

        var model = new OverviewModel(now, !scope.IsEmpty, open,
            [.. overdue.OrderByDescending(d => d.DueDate).Take(ShownDeadlines).Select(d => Line(d.Id, d.DueDate, d.UnitId, Title(d.TitleVi, d.TitleEn, d.Recurrence, d.DueDate)))],
            [.. coming.Take(ShownDeadlines).Select(d => Line(d.Id, d.DueDate, d.UnitId, Title(d.TitleVi, d.TitleEn, d.Recurrence, d.DueDate)))],
            today.Year, compliance, attention, unjoined, scope.Names(user.Language), m);
        return PageResults.Page<Overview>(http, new { User = user, Model = model });
    }
}
