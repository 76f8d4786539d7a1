using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /calendar?month=yyyy-MM&amp;unit=</c>: a month of deadlines and events of the units the user sees, the
/// lunar date beside each solar date, days off marked, and for each deadline whether it was done, by whom and
/// when. A phone shows the days that have something as a list.
/// </summary>
internal static class CalendarPage
{
    public const string Path = "/calendar";

    /// <summary>Shown at most on a day; the rest fold under "+N" so a month stays readable on a phone.</summary>
    internal const int LinesPerDay = 3;

    /// <summary>Listed by name on the line itself; more units fold under "N đơn vị".</summary>
    internal const int NamedUnits = 2;

    internal sealed record Item(long Id, DateOnly Due, DateOnly? End, OccurrenceStatus Status, DateTimeOffset? DoneAt, long? DoneBy, long UnitId, string Title, RuleKind Kind, bool Over, bool Lunar);

    /// <summary>
    /// One line of the calendar: the occurrences of the same item (title, kind, dates) in every unit that owes it,
    /// so a rule given to many communes is one line naming them rather than one line per commune.
    /// </summary>
    internal sealed record Line(DateOnly Due, DateOnly? End, string Title, RuleKind Kind, bool Lunar, IReadOnlyList<Item> Units)
    {
        public bool AllDone => Units.All(u => u.Status == OccurrenceStatus.Done);

        public bool AnyOverdue => Kind == RuleKind.Deadline && Units.Any(u => u.Over);

        public static IReadOnlyList<Line> Group(IEnumerable<Item> items) => items
            .GroupBy(i => (i.Due, i.End, i.Title, i.Kind))
            .Select(g => new Line(g.Key.Due, g.Key.End, g.Key.Title, g.Key.Kind, g.Any(i => i.Lunar), [.. g.OrderBy(i => i.UnitId)]))
            .OrderBy(l => l.Due).ThenBy(l => l.Kind).ThenBy(l => l.Title, StringComparer.Ordinal)
            .ToList();
    }

    public static IEndpointRouteBuilder MapCalendarPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string? month, string? unit, HttpContext http, WebSettings web, TimeProvider time, HolidayCalendar holidays,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

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
        var items = rows.Select(o => new Item(o.Id, o.DueDate, o.EndDate, o.Status, o.DoneAt, o.DoneByOfficialId, o.UnitId,
            OccurrenceTitles.For(language == Language.En ? o.TitleEn : o.TitleVi, o.Kind, o.Recurrence, o.DueDate), o.Kind, o.Status == OccurrenceStatus.Open && DeadlineRule.IsOver(o.Kind, o.DueDate, today, holidays),
            Recurrence.TryParse(o.Recurrence, out var schedule, out _) && schedule.IsLunar)).ToList();
        var names = await DashboardEndpoints.OfficialNamesAsync(contexts, items.Select(i => i.DoneBy), cancellationToken);

        var main = Render(user, whole, scope, unit, first, today, items, holidays, names);
        return DashboardLayout.Page(http, user, language, DashboardTexts.Get("CalendarTitle", language), "", main, section: "calendar");
    }

    private static HtmlBuilder Render(
        DashboardUser user, DashboardScope whole, DashboardScope scope, string? unit, DateOnly first, DateOnly today,
        IReadOnlyList<Item> items, HolidayCalendar holidays, Dictionary<long, string> names)
    {
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var last = first.AddMonths(1).AddDays(-1);
        var firstLunar = LunarCalendar.ToLunar(first);
        var lastLunar = LunarCalendar.ToLunar(last);
        var html = Heading(new HtmlBuilder(), DashboardTexts.Format("CalendarMonth", language, first.Month, first.Year),
            DashboardTexts.Format("CalendarLunarSpan", language, firstLunar.ToString(), lastLunar.ToString()));

        var unitQuery = unit is null ? "" : "&unit=" + Uri.EscapeDataString(unit);
        html.Raw("<form method=\"get\" action=\"calendar\" class=\"filters card\">");
        UnitSelect(html, whole, unit, language);
        html.Raw("<input type=\"hidden\" name=\"month\" value=\"").Attr(Month(first)).Raw("\">")
            .Raw("<div class=\"buttons\"><button type=\"submit\">").Text(T("FilterApply")).Raw("</button></div></form>")
            .Raw("<nav class=\"pager\"><a class=\"button secondary\" href=\"calendar?month=").Attr(Month(first.AddMonths(-1)) + unitQuery).Raw("\">")
            .Text(T("CalendarPrevious")).Raw("</a><a class=\"button secondary\" href=\"calendar?month=").Attr(Month(new DateOnly(today.Year, today.Month, 1)) + unitQuery).Raw("\">")
            .Text(T("CalendarToday")).Raw("</a><a class=\"button secondary\" href=\"calendar?month=").Attr(Month(first.AddMonths(1)) + unitQuery).Raw("\">")
            .Text(T("CalendarNext")).Raw("</a></nav>");

        html.Raw("<ul class=\"legend\"><li><span class=\"swatch deadline\"></span>").Text(T("LegendDeadline"))
            .Raw("</li><li><span class=\"swatch event\"></span>").Text(T("LegendEvent"))
            .Raw("</li><li><span class=\"swatch done\"></span>").Text(T("LegendDone"))
            .Raw("</li><li><span class=\"swatch overdue\"></span>").Text(T("LegendOverdue"))
            .Raw("</li><li><span class=\"swatch holiday\"></span>").Text(T("LegendHoliday")).Raw("</li></ul>");

        var dayOff = holidays.HolidaysIn(first.Year).Where(h => h.Date >= first && h.Date <= last).ToLookup(h => h.Date);
        var byDay = Line.Group(items).ToLookup(l => l.Due < first ? first : l.Due);
        html.Raw("<div class=\"month\" role=\"grid\"><div class=\"weekdays\" role=\"row\">");
        foreach (var name in new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" })
        {
            html.Raw("<span role=\"columnheader\">").Text(T("Day" + name)).Raw("</span>");
        }

        html.Raw("</div><div class=\"days\">");
        var lead = ((int)first.DayOfWeek + 6) % 7;
        for (var i = 0; i < lead; i++)
        {
            html.Raw("<div class=\"day outside\" aria-hidden=\"true\"></div>");
        }

        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var off = dayOff[day].ToList();
            var dayItems = byDay[day].ToList();
            var classes = "day"
                + (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? " weekend" : "")
                + (off.Count > 0 ? " holiday" : "")
                + (day == today ? " today" : "")
                + (dayItems.Count == 0 && off.Count == 0 ? " quiet" : "");
            var lunar = LunarCalendar.ToLunar(day);
            html.Raw("<div class=\"").Attr(classes).Raw("\" role=\"gridcell\"><div class=\"date\"><span class=\"solar\">")
                .Text(DashboardTexts.Format("CalendarDay", language, day.Day, day.Month, T("Day" + day.DayOfWeek.ToString()[..3])))
                .Raw("</span><span class=\"lunar\" title=\"").Attr(T("LunarDate")).Raw("\">")
                .Text(lunar.Day == 1 || day == first ? string.Create(CultureInfo.InvariantCulture, $"{lunar.Day}/{lunar.Month}{(lunar.IsLeapMonth ? "n" : "")}") : lunar.Day.ToString(CultureInfo.InvariantCulture))
                .Raw("</span></div>");
            foreach (var holiday in off)
            {
                html.Raw("<p class=\"off\">").Text(language == Language.En ? holiday.NameEn : holiday.NameVi).Raw("</p>");
            }

            if (dayItems.Count > 0)
            {
                html.Raw("<ul class=\"items\">");
                // A crowded day shows its first lines and folds the rest, so every day keeps its size.
                var shown = dayItems.Count > LinesPerDay ? LinesPerDay - 1 : dayItems.Count;
                foreach (var line in dayItems.Take(shown))
                {
                    ItemLine(html, line, scope, names, user, holidays, language);
                }

                html.Raw("</ul>");
                if (dayItems.Count > shown)
                {
                    html.Raw("<details class=\"more\"><summary>").Text(DashboardTexts.Format("CalendarMore", language, dayItems.Count - shown)).Raw("</summary><ul class=\"items\">");
                    foreach (var line in dayItems.Skip(shown))
                    {
                        ItemLine(html, line, scope, names, user, holidays, language);
                    }

                    html.Raw("</ul></details>");
                }
            }

            html.Raw("</div>");
        }

        html.Raw("</div></div>");
        PastDeadlines(html, items.Where(i => i.Kind == RuleKind.Deadline && i.Due <= today).ToList(), scope, names, user, holidays, language);
        return html;
    }

    private static void ItemLine(HtmlBuilder html, Line line, DashboardScope scope, Dictionary<long, string> names, DashboardUser user, HolidayCalendar holidays, Language language)
    {
        var deadline = line.Kind == RuleKind.Deadline;
        var state = line.AllDone ? " done" : line.AnyOverdue ? " overdue" : "";
        html.Raw("<li class=\"item ").Raw(deadline ? "deadline" : "event").Raw(state).Raw("\"");
        if (deadline)
        {
            html.Raw(" title=\"").Attr(DashboardTexts.Format("DueOn", language, DeadlineEnds.Days(line.Due, holidays, language))).Raw("\"");
        }

        html.Raw("><span class=\"title\">").Text(line.Title).Raw("</span>");
        if (line.Lunar)
        {
            var lunar = LunarCalendar.ToLunar(line.Due);
            html.Raw(" <span class=\"lunar-date\">").Text(DashboardTexts.Format(lunar.IsLeapMonth ? "CalendarLunarLeapItem" : "CalendarLunarItem", language, lunar.Day, lunar.Month)).Raw("</span>");
        }

        if (line.End is { } end)
        {
            html.Raw(" <span class=\"span\">").Text(DashboardTexts.Format("CalendarRange", language, Short(line.Due), Short(end))).Raw("</span>");
        }

        if (deadline && DeadlineEnds.LastDay(line.Due, holidays) != line.Due)
        {
            // The plan's day is a day off: the deadline runs to the end of the next working day.
            html.Raw(" <span class=\"legal-end\">").Text(DeadlineEnds.Days(line.Due, holidays, language)).Raw("</span>");
        }

        if (line.Units.Count == 1)
        {
            var only = line.Units[0];
            html.Raw(" <span class=\"unit\">").Text(UnitName(scope.Find(only.UnitId), language)).Raw("</span>");
            Progress(html, only, deadline, names, user, language);
            html.Raw("</li>");
            return;
        }

        var unitNames = line.Units.Select(u => UnitName(scope.Find(u.UnitId), language)).ToList();
        var done = line.Units.Count(u => u.Status == OccurrenceStatus.Done);
        html.Raw(" <details class=\"units\"><summary title=\"").Attr(string.Join(", ", unitNames)).Raw("\"><span class=\"unit\">")
            .Text(unitNames.Count <= NamedUnits ? string.Join(", ", unitNames) : DashboardTexts.Format("CalendarUnits", language, unitNames.Count))
            .Raw("</span>");
        if (done > 0 || line.AnyOverdue)
        {
            html.Raw(" <span class=\"done-count\">").Text(DashboardTexts.Format("CalendarDoneCount", language, done, line.Units.Count)).Raw("</span>");
        }

        html.Raw("</summary><ul>");
        for (var k = 0; k < line.Units.Count; k++)
        {
            html.Raw("<li><span class=\"unit\">").Text(unitNames[k]).Raw("</span>");
            Progress(html, line.Units[k], deadline, names, user, language);
            html.Raw("</li>");
        }

        html.Raw("</ul></details></li>");
    }

    /// <summary>Who marked one unit's occurrence done and when, or that its deadline passed undone.</summary>
    private static void Progress(HtmlBuilder html, Item item, bool deadline, Dictionary<long, string> names, DashboardUser user, Language language)
    {
        if (item.Status == OccurrenceStatus.Done)
        {
            html.Raw(" <span class=\"who-done\">").Text(DashboardTexts.Format("DoneBy", language, Who(item.DoneBy, names, user, language), When(item.DoneAt))).Raw("</span>");
        }
        else if (item.Over && deadline)
        {
            html.Raw(" <span class=\"late\">").Text(DashboardTexts.Get("NotDone", language)).Raw("</span>");
        }
    }

    /// <summary>The month's deadlines up to today as a table: done (by whom, when, on time or late) or not.</summary>
    private static void PastDeadlines(HtmlBuilder html, List<Item> past, DashboardScope scope, Dictionary<long, string> names, DashboardUser user, HolidayCalendar holidays, Language language)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        html.Raw("<section class=\"card\"><h2>").Text(T("PastDeadlinesTitle")).Raw("</h2>");
        if (past.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Text(T("PastDeadlinesNone")).Raw("</p></section>");
            return;
        }

        TableHead(html, "list", language, "ColDue", "ColTask", "ColUnit", "ColDone", "ColDoneBy", "ColDoneAt");
        foreach (var item in past)
        {
            html.Raw(item.Over ? "<tr class=\"overdue\">" : "<tr>");
            Cell(html, T("ColDue")).Text(DeadlineEnds.Days(item.Due, holidays, language)).Raw("</td>");
            Cell(html, T("ColTask")).Text(item.Title).Raw("</td>");
            Cell(html, T("ColUnit")).Text(UnitName(scope.Find(item.UnitId), language)).Raw("</td>");
            Cell(html, T("ColDone")).Text(item.Status == OccurrenceStatus.Done ? T("Yes") : item.Over ? T("NotDone") : T("NotYet")).Raw("</td>");
            Cell(html, T("ColDoneBy")).Text(item.Status == OccurrenceStatus.Done ? Who(item.DoneBy, names, user, language) : "—").Raw("</td>");
            Cell(html, T("ColDoneAt")).Text(When(item.DoneAt)).Raw("</td></tr>");
        }

        html.Raw("</tbody></table></section>");
    }

    private static string Who(long? official, Dictionary<long, string> names, DashboardUser user, Language language) =>
        official is not { } id ? "—"
        : id == user.OfficialId ? DashboardTexts.Format("ActorYou", language, user.Name)
        : names.TryGetValue(id, out var name) ? name : DashboardTexts.Format("ActorOfficial", language, id);

    private static string When(DateTimeOffset? at) => at is { } instant ? Core.Cases.CaseNotifier.Local(instant) : "—";

    private static string Short(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
