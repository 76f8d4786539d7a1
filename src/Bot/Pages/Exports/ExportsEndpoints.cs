using System.Globalization;
using System.Text;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Persistence;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Exports;

/// <summary>
/// <c>GET /exports</c>: deadline compliance per unit for a year at a glance, and two CSV files (UTF-8 with a BOM,
/// so spreadsheet programs read Vietnamese right): the cases the user may see, queue fields only (never what
/// identifies a child or a reporter), and compliance per unit.
/// </summary>
internal static class ExportsEndpoints
{
    public const string Path = "/exports";
    private const int MaxCases = 5000;
    private static readonly string[] CaseColumns = ["ColCode", "FieldReceived", "ColStage", "ColRisk", "DangerNow", "ColCategory", "ColUnit", "ColTimeLeft", "ColOverdue", "ReferredToUnit"];
    private static readonly string[] ComplianceColumns = ["UnitCode", "ColUnit", "ColDueSoFar", "ColOnTime", "ColLate", "ColMissed", "ColUpcoming", "ColRate"];

    public static RouteGroupBuilder MapExportsPage(this RouteGroupBuilder officials)
    {
        officials.MapGet(Path, ShowAsync);
        officials.MapGet(Path + "/cases.csv", CasesAsync);
        officials.MapGet(Path + "/compliance.csv", ComplianceCsvAsync);
        return officials;
    }

    private static async Task<IResult> ShowAsync(
        string? year, DashboardUser user, HttpContext http, TimeProvider time, HolidayCalendar holidays, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(time);
        var wanted = Year(year, today);
        var rows = await ComplianceAsync(contexts, user, wanted, today, holidays, cancellationToken);
        return PageResults.Page<ExportsPage>(http, new { User = user, Year = wanted, ThisYear = today.Year, Rows = rows });
    }

    private static async Task<IResult> CasesAsync(DashboardUser user, HttpContext http, CaseDesk desk, TimeProvider time, CancellationToken cancellationToken)
    {
        var language = user.Language;
        var cases = user.Viewer is null ? [] : await desk.ListAsync(user.Viewer, new CaseFilter(Limit: MaxCases), cancellationToken);
        var csv = new CsvWriter();
        csv.Row([.. CaseColumns.Select(key => DashboardTexts.Get(key, language))]);
        foreach (var c in cases)
        {
            csv.Row([c.Code, Instant(c.ReceivedAt), CaseNotifier.Stage(c.Stage, language), CaseNotifier.Risk(c.Risk, language), c.DangerNow ? "1" : "0",
                CaseTexts.Category(c.Category, language), c.UnitName ?? "", c.DueAt is { } due && c.NextClock is { } clock ? $"{DeadlineEnds.Clock(clock, due, language)} ({CaseNotifier.Left(due - time.GetUtcNow(), language)})" : "", c.Overdue ? "1" : "0", c.ReferredToUnitCode ?? ""]);
        }

        return File(http, csv, $"childcare-cases-{VietnamTime.Today(time):yyyy-MM-dd}.csv");
    }

    private static async Task<IResult> ComplianceCsvAsync(
        string? year, DashboardUser user, HttpContext http, TimeProvider time, HolidayCalendar holidays, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
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

    internal static async Task<List<UnitCompliance>> ComplianceAsync(
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
        var tracked = await DeadlineTracking.SinceAsync(db, ids, cancellationToken);
        var byUnit = deadlines.ToLookup(d => d.UnitId);
        var rows = new List<UnitCompliance>();
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

                // A deadline that had ended before the unit's first official joined was nobody's here: not counted.
                if (!DeadlineTracking.Counts(deadline.DueDate, deadline.UnitId, tracked, holidays))
                {
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

            rows.Add(new UnitCompliance(unit.Code, unit.Name(user.Language), due, onTime, late, missed, upcoming));
        }

        return rows;
    }

    private static IResult File(HttpContext http, CsvWriter csv, string name)
    {
        PageResults.Secure(http.Response);
        return Results.File(csv.ToBytes(), "text/csv; charset=utf-8", name);
    }

    private static int Year(string? text, DateOnly today) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 2000 && year <= today.Year + 1 ? year : today.Year;

    private static string Instant(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, VietnamTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "—";

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
