using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Calendar;

/// <summary>
/// <c>GET /calendar?month=yyyy-MM&amp;unit=</c>: a month of deadlines and events of the units the user sees, the
/// lunar date beside each solar date, days off marked, and for each deadline whether it was done, by whom and
/// when. A phone shows the days that have something as a list.
/// </summary>
internal static class CalendarEndpoints
{
    public const string Path = "/calendar";

    /// <summary>Shown at most on a day; the rest fold under "+N" so a month stays readable on a phone.</summary>
    internal const int LinesPerDay = 3;

    /// <summary>Listed by name on the line itself; more units fold under "N đơn vị".</summary>
    internal const int NamedUnits = 2;

    public static RouteGroupBuilder MapCalendarPage(this RouteGroupBuilder officials)
    {
        officials.MapGet(Path, ShowAsync);
        return officials;
    }

    private static async Task<IResult> ShowAsync(
        string? month, string? unit, string? m, DashboardUser user, HttpContext http, TimeProvider time, HolidayCalendar holidays,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var language = user.Language;
        var today = VietnamTime.Today(time);
        var first = DateOnly.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
            && asked >= LunarCalendar.FirstSolarDate && asked < LunarCalendar.LastSolarDate.AddMonths(-1)
            ? asked : new DateOnly(today.Year, today.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var whole = await DashboardScope.ForAsync(db, user, cancellationToken);
        var scope = whole.Within(unit);
        var ids = scope.Ids.ToList();
        var rows = await db.Occurrences.AsNoTracking()
            .Where(o => ids.Contains(o.UnitId) && o.Status != OccurrenceStatus.Cancelled
                && ((o.DueDate >= first && o.DueDate <= last) || (o.EndDate != null && o.DueDate < first && o.EndDate >= first)))
            .Select(o => new { o.Id, o.DueDate, o.EndDate, o.Status, o.DoneAt, o.DoneByOfficialId, o.UnitId, o.Rule!.TitleVi, o.Rule.TitleEn, o.Rule.Kind, o.Rule.Recurrence })
            .OrderBy(o => o.DueDate).ThenBy(o => o.Id)
            .Take(5000)
            .ToListAsync(cancellationToken);
        var tracked = await DeadlineTracking.SinceAsync(db, ids, cancellationToken);
        var items = rows.Select(o => new CalendarItem(o.Id, o.DueDate, o.EndDate, o.Status, o.DoneAt, o.DoneByOfficialId, o.UnitId,
            OccurrenceTitles.For(language == Language.En ? o.TitleEn : o.TitleVi, o.Kind, o.Recurrence, o.DueDate), o.Kind, o.Status == OccurrenceStatus.Open && DeadlineRule.IsOver(o.Kind, o.DueDate, today, holidays) && DeadlineTracking.Counts(o.DueDate, o.UnitId, tracked, holidays),
            Recurrence.TryParse(o.Recurrence, out var schedule, out _) && schedule.IsLunar)).ToList();
        var names = await OfficialNames.ForAsync(contexts, items.Select(i => i.DoneBy), cancellationToken);

        var own = await DeadlineDoneEndpoints.OwnUnitsAsync(db, user, cancellationToken);
        return PageResults.Page<CalendarPage>(http, new { User = user, Whole = whole, Scope = scope, Unit = unit, First = first, Today = today, Items = items, Holidays = holidays, Names = names, Own = own, Message = m });
    }

    internal static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
