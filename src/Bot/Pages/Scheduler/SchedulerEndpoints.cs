using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Localization;
using ChildCare.Scheduler;
using ChildCare.Scheduler.Monitoring;

namespace ChildCare.Bot.Pages.Scheduler;

/// <summary>
/// <c>GET /scheduler</c>, administrators only: each recurring job in plain words ("Gửi nhắc việc: mỗi 5 phút, lần tới
/// 08:05") with its last run and result, how many case clock checks are waiting, the recent runs on every node, and
/// "run now". The data is a <see cref="SchedulerOverview"/> from Hangfire's monitoring API; Hangfire's own dashboard
/// (<see cref="JobsDashboard"/>) has the engineer's view.
/// </summary>
internal static partial class SchedulerEndpoints
{
    public const string Path = "/scheduler";

    public static RouteGroupBuilder MapSchedulerPage(this RouteGroupBuilder administrators)
    {
        administrators.MapGet(Path, ShowAsync);
        administrators.MapPost(Path + "/run", Run);
        return administrators;
    }

    private static async Task<IResult> ShowAsync(string? m, DashboardUser user, HttpContext http, CancellationToken cancellationToken)
    {
        var view = await SchedulerOverview.LoadAsync(http.RequestServices, cancellationToken);
        return PageResults.Page<SchedulerPage>(http, new { User = user, View = view, Message = m });
    }

    /// <summary>An administrator's "run now", logged with who asked, then back to the page with what happened.</summary>
    private static IResult Run(IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, ILoggerFactory logs)
    {
        string? id = form["id"];
        var ok = id is { Length: > 0 and <= 100 } && SchedulerOverview.RunNow(http.RequestServices, id);
        if (ok)
        {
            LogChange(logs.CreateLogger("ChildCare.Dashboard.Scheduler"), user.OfficialId, "Fired", id!);
        }

        return PageResults.SeeOther(http, web.Link(Path + "?m=" + (ok ? "Fired" : "Unknown"), http.Request));
    }

    /// <summary>A job's name in plain words, from the name its runs carry ("deadlines.reminders").</summary>
    internal static string JobName(string runName, Language language) => DashboardTexts.Get(runName switch
    {
        "deadlines.reminders" => "JobReminders",
        "deadlines.planner" or "deadlines.planner-nightly" => "JobPlanner",
        "privacy.purge" => "JobHousekeeping",
        "cases.sweep" => "JobCaseSweep",
        "cases.clock" => "JobCaseClock",
        _ => "JobClusterProbe",
    }, language);

    internal static string Every(Cadence cadence, Language language) => cadence switch
    {
        { DailyAt: { } at } => DashboardTexts.Format("CadenceDaily", language, at.ToString("HH:mm", CultureInfo.InvariantCulture)),
        { Interval.TotalSeconds: < 60 } => DashboardTexts.Format("CadenceSeconds", language, (int)cadence.Interval.TotalSeconds),
        { Interval.TotalMinutes: < 60 } => DashboardTexts.Format("CadenceMinutes", language, (int)cadence.Interval.TotalMinutes),
        _ => DashboardTexts.Format("CadenceHours", language, (int)cadence.Interval.TotalHours),
    };

    internal static string State(string? state, Language language) => DashboardTexts.Get(state switch
    {
        "Succeeded" => "RunOk",
        "Failed" => "RunFailed",
        "Processing" => "RunRunning",
        _ => "RunQueued",
    }, language);

    internal static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
        : span.TotalMinutes < 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: administrator {OfficialId} {Change} {Key} from the dashboard")]
    private static partial void LogChange(ILogger logger, long officialId, string change, string key);
}
