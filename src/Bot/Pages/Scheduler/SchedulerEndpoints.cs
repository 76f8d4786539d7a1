using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace ChildCare.Bot.Pages.Scheduler;

/// <summary>
/// <c>GET /scheduler</c>, administrators only: the Quartz jobs and their triggers with the previous and next fire
/// times and state, the recent runs on every node, and pause, resume and run now. The scheduler is this
/// process's own, or (<c>Scheduler:InProcess=false</c>) a never-started one on the shared store, so a change
/// made here reaches the Scheduler nodes through the database.
/// </summary>
internal static partial class SchedulerEndpoints
{
    public const string Path = "/scheduler";

    public static RouteGroupBuilder MapSchedulerPage(this RouteGroupBuilder administrators)
    {
        administrators.MapGet(Path, ShowAsync);
        administrators.MapPost(Path + "/pause", (IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, ISchedulerFactory factory, ILoggerFactory logs, CancellationToken cancellationToken) =>
            ChangeAsync(http, user, web, logs, "Paused", form, async (scheduler, group, name) =>
                await scheduler.PauseTrigger(new TriggerKey(name, group), cancellationToken), cancellationToken));
        administrators.MapPost(Path + "/resume", (IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, ISchedulerFactory factory, ILoggerFactory logs, CancellationToken cancellationToken) =>
            ChangeAsync(http, user, web, logs, "Resumed", form, async (scheduler, group, name) =>
                await scheduler.ResumeTrigger(new TriggerKey(name, group), cancellationToken), cancellationToken));
        administrators.MapPost(Path + "/run", (IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, ISchedulerFactory factory, ILoggerFactory logs, CancellationToken cancellationToken) =>
            ChangeAsync(http, user, web, logs, "Fired", form, async (scheduler, group, name) =>
                await scheduler.Exists(new JobKey(name, group), cancellationToken) && await Do(() => scheduler.TriggerJob(new JobKey(name, group), cancellationToken)), cancellationToken));
        return administrators;
    }

    private static async Task<bool> Do(Func<ValueTask> action)
    {
        await action();
        return true;
    }

    private static async Task<IResult> ShowAsync(
        string? m, DashboardUser user, HttpContext http, ISchedulerFactory factory, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var jobs = new List<SchedulerJob>();
        var jobPage = await scheduler.QueryJobs(new JobQuery(), cancellationToken);
        foreach (var job in jobPage.Items)
        {
            var headers = (await scheduler.QueryTriggers(new TriggerQuery { Job = job.Key }, cancellationToken)).Items;
            var triggers = (await scheduler.GetTriggers([.. headers.Select(h => h.Key)], cancellationToken)).ToDictionary(t => t.Key);
            jobs.Add(new SchedulerJob(job.Key.Group, job.Key.Name, JobName(job.Key, user.Language), [.. headers.Select(h => new SchedulerTrigger(h.Key.Group, h.Key.Name,
                triggers.TryGetValue(h.Key, out var trigger) ? Describe(trigger, user.Language) : h.TriggerType,
                h.State.ToString(), DashboardTexts.TryGet("State" + h.State, user.Language) ?? h.State.ToString(), h.State == TriggerState.Paused, h.PreviousFireTimeUtc, h.NextFireTimeUtc))]));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(25)
            .Select(r => new SchedulerRun(r.JobName, r.Node, r.StartedAt, r.FinishedAt, r.Succeeded)).ToListAsync(cancellationToken);
        var view = new SchedulerView(scheduler.SchedulerName, scheduler.SchedulerInstanceId, await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running, jobs, runs);
        return PageResults.Page<SchedulerPage>(http, new { User = user, View = view, Message = m });
    }

    /// <summary>One administrator's change, logged with who made it, then back to the page with what happened.</summary>
    private static async Task<IResult> ChangeAsync(
        HttpContext http, DashboardUser user, WebSettings web, ILoggerFactory logs, string done, IFormCollection form, Func<IScheduler, string, string, Task<bool>> change, CancellationToken cancellationToken)
    {
        string? group = form["group"], name = form["name"];
        var scheduler = await http.RequestServices.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var ok = group is { Length: > 0 and <= 200 } && name is { Length: > 0 and <= 200 } && await change(scheduler, group, name);
        if (ok)
        {
            LogChange(logs.CreateLogger("ChildCare.Dashboard.Scheduler"), user.OfficialId, done, group + "." + name);
        }

        return PageResults.SeeOther(http, web.Link(Path + "?m=" + (ok ? done : "Unknown"), http.Request));
    }

    private static string JobName(JobKey key, Language language) =>
        DashboardTexts.TryGet("Job" + string.Concat(key.Name.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])), language) ?? key.Name;

    private static string Describe(ITrigger trigger, Language language) => trigger switch
    {
        ICronTrigger cron => DashboardTexts.Format("ScheduleCron", language, cron.CronExpressionString ?? "", cron.TimeZone.Id),
        ISimpleTrigger { RepeatCount: 0 } => DashboardTexts.Get("ScheduleOnce", language),
        ISimpleTrigger simple => DashboardTexts.Format("ScheduleEvery", language, Duration(simple.RepeatInterval)),
        _ => trigger.GetType().Name,
    };

    internal static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
        : span.TotalMinutes < 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: administrator {OfficialId} {Change} {Key} from the dashboard")]
    private static partial void LogChange(ILogger logger, long officialId, string change, string key);
}
