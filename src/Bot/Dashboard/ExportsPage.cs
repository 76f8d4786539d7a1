using System.Globalization;
using System.Text;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /exports</c>: deadline compliance per unit for a year at a glance, and two CSV files (UTF-8 with a BOM,
/// so spreadsheet programs read Vietnamese right): the cases the user may see, queue fields only (never what
/// identifies a child or a reporter), and compliance per unit.
/// </summary>
internal static class ExportsPage
{
    public const string Path = "/exports";
    private const int MaxCases = 5000;
    private static readonly string[] CaseColumns = ["ColCode", "FieldReceived", "ColStage", "ColRisk", "DangerNow", "ColCategory", "ColUnit", "ColTimeLeft", "FilterOverdue", "ReferredToUnit"];
    private static readonly string[] ComplianceColumns = ["UnitCode", "ColUnit", "ColDueSoFar", "ColOnTime", "ColLate", "ColMissed", "ColUpcoming", "ColRate"];

    /// <summary>A unit's deadlines of a year that have come: done on time (by the Civil Code end), done late, not done.</summary>
    internal sealed record Compliance(string UnitCode, string UnitName, int Due, int OnTime, int Late, int Missed, int Upcoming)
    {
        public double? Rate => Due == 0 ? null : (double)OnTime / Due;
    }

    public static IEndpointRouteBuilder MapExportsPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription();
        app.MapGet(Path + "/cases.csv", CasesAsync).ExcludeFromDescription();
        app.MapGet(Path + "/compliance.csv", ComplianceCsvAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string? year, HttpContext http, WebSettings web, TimeProvider time, HolidayCalendar holidays, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var today = VietnamTime.Today(time);
        var wanted = Year(year, today);
        var rows = await ComplianceAsync(contexts, user, wanted, today, holidays, cancellationToken);
        var html = Heading(new HtmlBuilder(), T("ExportsTitle"), T("ExportsHelp"));
        html.Raw("<section class=\"card\"><h2>").Text(T("ExportCasesTitle")).Raw("</h2><p class=\"muted\">").Text(T(user.Viewer is null ? "ExportCasesNone" : "ExportCasesHelp")).Raw("</p>");
        if (user.Viewer is not null)
        {
            html.Raw("<p><a class=\"button\" href=\"exports/cases.csv\" download>").Text(T("ExportDownload")).Raw(" cases.csv</a></p>");
        }

        html.Raw("</section><section class=\"card\"><h2>").Text(DashboardTexts.Format("ComplianceTitle", language, wanted)).Raw("</h2>")
            .Raw("<form method=\"get\" action=\"exports\" class=\"inline\"><label>").Text(T("ComplianceYear"))
            .Raw("<select name=\"year\">");
        for (var y = today.Year; y >= today.Year - 5; y--)
        {
            Option(html, y.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture), y == wanted);
        }

        html.Raw("</select></label><button type=\"submit\" class=\"secondary\">").Text(T("FilterApply")).Raw("</button>")
            .Raw("<a class=\"button\" href=\"exports/compliance.csv?year=").Attr(wanted.ToString(CultureInfo.InvariantCulture)).Raw("\" download>").Text(T("ExportDownload")).Raw(" compliance.csv</a></form>")
            .Raw("<p class=\"muted\">").Text(T("ComplianceHelp")).Raw("</p>");
        if (rows.Count == 0)
        {
            html.Raw("<p class=\"empty\">").Text(T("ComplianceNone")).Raw("</p>");
        }
        else
        {
            TableHead(html, "list compliance", language, "ColUnit", "ColDueSoFar", "ColOnTime", "ColLate", "ColMissed", "ColUpcoming", "ColRate");
            foreach (var row in rows)
            {
                html.Raw(row.Missed > 0 ? "<tr class=\"overdue\">" : "<tr>");
                Cell(html, T("ColUnit")).Raw("<span class=\"").Attr(DepthClass(row.UnitCode)).Raw("\">").Text(row.UnitName).Raw("</span></td>");
                Cell(html, T("ColDueSoFar")).Text(Number(row.Due)).Raw("</td>");
                Cell(html, T("ColOnTime")).Text(Number(row.OnTime)).Raw("</td>");
                Cell(html, T("ColLate")).Text(Number(row.Late)).Raw("</td>");
                Cell(html, T("ColMissed")).Text(Number(row.Missed)).Raw("</td>");
                Cell(html, T("ColUpcoming")).Text(Number(row.Upcoming)).Raw("</td>");
                Cell(html, T("ColRate")).Raw("<meter min=\"0\" max=\"1\" low=\"0.5\" high=\"0.9\" optimum=\"1\" value=\"").Raw((row.Rate ?? 0).ToString("0.###", CultureInfo.InvariantCulture)).Raw("\"></meter> ")
                    .Text(Percent(row.Rate)).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");
        return DashboardLayout.Page(http, user, language, T("ExportsTitle"), "", html, section: "exports");
    }

    private static async Task<IResult> CasesAsync(HttpContext http, WebSettings web, CaseDesk desk, TimeProvider time, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var language = user.Language;
        var cases = user.Viewer is null ? [] : await desk.ListAsync(user.Viewer, new CaseFilter(Limit: MaxCases), cancellationToken);
        var csv = new CsvWriter();
        csv.Row([.. CaseColumns.Select(key => DashboardTexts.Get(key, language))]);
        foreach (var c in cases)
        {
            csv.Row([c.Code, Instant(c.ReceivedAt), CaseNotifier.Stage(c.Stage, language), CaseNotifier.Risk(c.Risk, language), c.DangerNow ? "1" : "0",
                ConversationTexts.Get("Category" + c.Category, language), c.UnitName ?? "", c.DueAt is { } due && c.NextClock is { } clock ? $"{DeadlineEnds.Clock(clock, due, language)} ({CaseNotifier.Left(due - time.GetUtcNow(), language)})" : "", c.Overdue ? "1" : "0", c.ReferredToUnitCode ?? ""]);
        }

        return File(http, csv, $"childcare-cases-{VietnamTime.Today(time):yyyy-MM-dd}.csv");
    }

    private static async Task<IResult> ComplianceCsvAsync(
        string? year, HttpContext http, WebSettings web, TimeProvider time, HolidayCalendar holidays, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var language = user.Language;
        var today = VietnamTime.Today(time);
        var wanted = Year(year, today);
        var csv = new CsvWriter();
        csv.Row([.. ComplianceColumns.Select(key => DashboardTexts.Get(key, language))]);
        foreach (var row in await ComplianceAsync(contexts, user, wanted, today, holidays, cancellationToken))
        {
            csv.Row([row.UnitCode, row.UnitName, Number(row.Due), Number(row.OnTime), Number(row.Late), Number(row.Missed), Number(row.Upcoming),
                row.Rate is { } rate ? rate.ToString("0.000", CultureInfo.InvariantCulture) : ""]);
        }

        return File(http, csv, string.Create(CultureInfo.InvariantCulture, $"childcare-compliance-{wanted}.csv"));
    }

    internal static async Task<List<Compliance>> ComplianceAsync(
        IDbContextFactory<ChildCareDbContext> contexts, DashboardUser user, int year, DateOnly today, HolidayCalendar holidays, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var scope = await DashboardScope.ForAsync(db, user, cancellationToken);
        var ids = scope.Ids.ToList();
        var first = new DateOnly(year, 1, 1);
        var last = new DateOnly(year, 12, 31);
        var deadlines = await db.Occurrences.AsNoTracking()
            .Where(o => ids.Contains(o.UnitId) && o.Status != OccurrenceStatus.Cancelled && o.Rule!.Kind == RuleKind.Deadline && o.DueDate >= first && o.DueDate <= last)
            .Select(o => new { o.UnitId, o.DueDate, o.Status, o.DoneAt })
            .ToListAsync(cancellationToken);
        var byUnit = deadlines.ToLookup(d => d.UnitId);
        var rows = new List<Compliance>();
        foreach (var unit in scope.Units)
        {
            var own = byUnit[unit.Id].ToList();
            if (own.Count == 0)
            {
                continue;
            }

            int due = 0, onTime = 0, late = 0, missed = 0, upcoming = 0;
            foreach (var deadline in own)
            {
                var end = holidays.DeadlineEnd(deadline.DueDate);
                var doneOn = deadline.DoneAt is { } at ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).DateTime) : (DateOnly?)null;
                if (end >= today && doneOn is null)
                {
                    upcoming++;
                    continue;
                }

                due++;
                if (doneOn is null)
                {
                    missed++;
                }
                else if (doneOn <= end)
                {
                    onTime++;
                }
                else
                {
                    late++;
                }
            }

            rows.Add(new Compliance(unit.Code, unit.Name(user.Language), due, onTime, late, missed, upcoming));
        }

        return rows;
    }

    private static IResult File(HttpContext http, CsvWriter csv, string name)
    {
        DashboardLayout.Secure(http.Response);
        return Results.File(csv.ToBytes(), "text/csv; charset=utf-8", name);
    }

    private static int Year(string? text, DateOnly today) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000 && year <= today.Year + 1 ? year : today.Year;

    private static string Instant(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "—";

    /// <summary>RFC 4180 rows; a cell a spreadsheet would take for a formula is prefixed with an apostrophe.</summary>
    internal sealed class CsvWriter
    {
        private readonly StringBuilder _text = new();

        public void Row(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }

                var cell = cells[i];
                if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
                {
                    cell = "'" + cell;
                }

                _text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }

            _text.Append("\r\n");
        }

        public byte[] ToBytes() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];
    }
}
