using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Localization;
using ChildCare.Scheduler;
using ChildCare.Scheduler.Monitoring;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /scheduler</c>, administrators only: each recurring job in plain words ("Gửi nhắc việc: mỗi 5 phút, lần tới
/// 08:05") with its last run and result, how many case clock checks are waiting, the recent runs on every node, and
/// "run now". The data is a <see cref="SchedulerOverview"/> from Hangfire's monitoring API; Hangfire's own dashboard
/// (<see cref="JobsDashboard"/>) has the engineer's view.
/// </summary>
internal static partial class SchedulerPage
{
    public const string Path = "/scheduler";

    public static IEndpointRouteBuilder MapSchedulerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription();
        app.MapPost(Path + "/run", RunAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(string? m, HttpContext http, WebSettings web, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var view = await SchedulerOverview.LoadAsync(http.RequestServices, cancellationToken);
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var html = Heading(new HtmlBuilder(), T("SchedulerTitle"),
            DashboardTexts.Format("SchedulerWho", language, "Hangfire", view.Node, T(view.RunsHere ? "SchedulerHere" : "SchedulerElsewhere")));
        Flash(html, m == "Fired" ? T("SchedulerFired") : m == "Unknown" ? T("SchedulerUnknown") : null, ok: m != "Unknown");

        foreach (var job in view.Jobs)
        {
            html.Raw("<section class=\"card job\"><div class=\"job-head\"><h2>")
                .Text(DashboardTexts.Format("SchedulerLine", language, JobName(job.RunName, language), Every(job.Cadence, language), When(job.NextRun))).Raw("</h2>");
            PostForm(html, http, "scheduler/run", "inline");
            html.Raw("<input type=\"hidden\" name=\"id\" value=\"").Attr(job.Id).Raw("\">");
            html.Raw("<button type=\"submit\" class=\"primary\">").Text(T("SchedulerRun")).Raw("</button></form></div><p class=\"muted\">")
                .Text(job.LastRun is null ? T("SchedulerNoRuns") : DashboardTexts.Format("SchedulerLast", language, When(job.LastRun), State(job.LastState, language))).Raw("</p></section>");
        }

        html.Raw("<section class=\"card\"><p>").Text(DashboardTexts.Format("SchedulerCaseChecks", language, view.CaseChecksWaiting))
            .Raw(" <a href=\"hangfire\">").Text(T("SchedulerEngineerView")).Raw("</a></p></section>");

        html.Raw("<section class=\"card\"><h2>").Text(T("SchedulerRuns")).Raw("</h2>");
        if (view.RecentRuns.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Text(T("SchedulerNoRuns")).Raw("</p>");
        }
        else
        {
            TableHead(html, "list", language, "ColJob", "ColNode", "ColStarted", "ColDuration", "ColResult");
            foreach (var run in view.RecentRuns)
            {
                html.Raw(run.Succeeded == false ? "<tr class=\"overdue\">" : "<tr>");
                Cell(html, T("ColJob")).Text(JobName(run.JobName, language)).Raw("</td>");
                Cell(html, T("ColNode")).Text(run.Node).Raw("</td>");
                Cell(html, T("ColStarted")).Text(When(run.StartedAt)).Raw("</td>");
                Cell(html, T("ColDuration")).Text(run.FinishedAt is { } end ? Duration(end - run.StartedAt) : "—").Raw("</td>");
                Cell(html, T("ColResult")).Text(run.Succeeded switch { true => T("RunOk"), false => T("RunFailed"), null => T("RunRunning") }).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section>");
        return DashboardLayout.Page(http, user, language, T("SchedulerTitle"), "", html, section: "scheduler");
    }

    /// <summary>An administrator's "run now", logged with who asked, then back to the page with what happened.</summary>
    private static async Task<IResult> RunAsync(IFormCollection form, HttpContext http, WebSettings web, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        string? id = form["id"];
        var ok = id is { Length: > 0 and <= 100 } && SchedulerOverview.RunNow(http.RequestServices, id);
        if (ok)
        {
            LogChange(logs.CreateLogger("ChildCare.Dashboard.Scheduler"), user.OfficialId, "Fired", id!);
        }

        return DashboardEndpoints.SeeOther(http, web.Link(Path + "?m=" + (ok ? "Fired" : "Unknown")));
    }

    /// <summary>A job's name in plain words, from the name its runs carry ("deadlines.reminders").</summary>
    private static string JobName(string runName, Language language) => DashboardTexts.Get(runName switch
    {
        "deadlines.reminders" => "JobReminders",
        "deadlines.planner" or "deadlines.planner-nightly" => "JobPlanner",
        "privacy.purge" => "JobHousekeeping",
        "cases.sweep" => "JobCaseSweep",
        "cases.clock" => "JobCaseClock",
        _ => "JobClusterProbe",
    }, language);

    private static string Every(Cadence cadence, Language language) => cadence switch
    {
        { DailyAt: { } at } => DashboardTexts.Format("CadenceDaily", language, at.ToString("HH:mm", CultureInfo.InvariantCulture)),
        { Interval.TotalSeconds: < 60 } => DashboardTexts.Format("CadenceSeconds", language, (int)cadence.Interval.TotalSeconds),
        { Interval.TotalMinutes: < 60 } => DashboardTexts.Format("CadenceMinutes", language, (int)cadence.Interval.TotalMinutes),
        _ => DashboardTexts.Format("CadenceHours", language, (int)cadence.Interval.TotalHours),
    };

    private static string State(string? state, Language language) => DashboardTexts.Get(state switch
    {
        "Succeeded" => "RunOk",
        "Failed" => "RunFailed",
        "Processing" => "RunRunning",
        _ => "RunQueued",
    }, language);

    private static string When(DateTimeOffset? at) => at is { } instant ? Core.Cases.CaseNotifier.Local(instant) : "—";

    private static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
        : span.TotalMinutes < 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: administrator {OfficialId} {Change} {Key} from the dashboard")]
    private static partial void LogChange(ILogger logger, long officialId, string change, string key);
}
