using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Quartz;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /scheduler</c>, administrators only: the Quartz jobs and their triggers with the previous and next fire
/// times and state, the recent runs on every node, and pause, resume and run now. The scheduler is this
/// process's own, or (<c>Scheduler:InProcess=false</c>) a never-started one on the shared store, so a change
/// made here reaches the Scheduler nodes through the database.
/// </summary>
internal static partial class SchedulerPage
{
    public const string Path = "/scheduler";

    internal sealed record TriggerLine(TriggerKey Key, TriggerState State, DateTimeOffset? Previous, DateTimeOffset? Next, string Schedule);

    internal sealed record JobLine(JobKey Key, string? Description, IReadOnlyList<TriggerLine> Triggers);

    public static IEndpointRouteBuilder MapSchedulerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription();
        app.MapPost(Path + "/pause", (IFormCollection form, HttpContext http, WebSettings web, ISchedulerFactory factory, ILoggerFactory logs, CancellationToken cancellationToken) =>
            ChangeAsync(http, web, logs, "Paused", form, async (scheduler, group, name) =>
                await scheduler.PauseTrigger(new TriggerKey(name, group), cancellationToken), cancellationToken)).ExcludeFromDescription();
        app.MapPost(Path + "/resume", (IFormCollection form, HttpContext http, WebSettings web, ISchedulerFactory factory, ILoggerFactory logs, CancellationToken cancellationToken) =>
            ChangeAsync(http, web, logs, "Resumed", form, async (scheduler, group, name) =>
                await scheduler.ResumeTrigger(new TriggerKey(name, group), cancellationToken), cancellationToken)).ExcludeFromDescription();
        app.MapPost(Path + "/run", (IFormCollection form, HttpContext http, WebSettings web, ISchedulerFactory factory, ILoggerFactory logs, CancellationToken cancellationToken) =>
            ChangeAsync(http, web, logs, "Fired", form, async (scheduler, group, name) =>
                await scheduler.Exists(new JobKey(name, group), cancellationToken) && await Do(() => scheduler.TriggerJob(new JobKey(name, group), cancellationToken)), cancellationToken)).ExcludeFromDescription();
        return app;
    }

    private static async Task<bool> Do(Func<ValueTask> action)
    {
        await action();
        return true;
    }

    private static async Task<IResult> ShowAsync(
        string? m, HttpContext http, WebSettings web, ISchedulerFactory factory, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        var jobs = new List<JobLine>();
        var jobPage = await scheduler.QueryJobs(new JobQuery(), cancellationToken);
        foreach (var job in jobPage.Items)
        {
            var headers = (await scheduler.QueryTriggers(new TriggerQuery { Job = job.Key }, cancellationToken)).Items;
            var triggers = (await scheduler.GetTriggers([.. headers.Select(h => h.Key)], cancellationToken)).ToDictionary(t => t.Key);
            jobs.Add(new JobLine(job.Key, job.Description, [.. headers.Select(h => new TriggerLine(h.Key, h.State, h.PreviousFireTimeUtc, h.NextFireTimeUtc,
                triggers.TryGetValue(h.Key, out var trigger) ? Describe(trigger, user.Language) : h.TriggerType))]));
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(25).ToListAsync(cancellationToken);
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var html = Heading(new HtmlBuilder(), T("SchedulerTitle"),
            DashboardTexts.Format("SchedulerWho", language, scheduler.SchedulerName, scheduler.SchedulerInstanceId, T(await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running ? "SchedulerHere" : "SchedulerElsewhere")));
        Flash(html, m is "Paused" or "Resumed" or "Fired" ? T("Scheduler" + m) : m == "Unknown" ? T("SchedulerUnknown") : null, ok: m != "Unknown");

        foreach (var job in jobs)
        {
            html.Raw("<section class=\"card job\"><div class=\"job-head\"><h2>").Text(JobName(job.Key, language)).Raw("</h2><code>").Text(job.Key.ToString()).Raw("</code>");
            PostForm(html, http, "scheduler/run", "inline");
            Key(html, job.Key.Group, job.Key.Name);
            html.Raw("<button type=\"submit\" class=\"primary\">").Text(T("SchedulerRun")).Raw("</button></form></div>");
            if (job.Triggers.Count == 0)
            {
                html.Raw("<p class=\"muted\">").Text(T("SchedulerNoTriggers")).Raw("</p></section>");
                continue;
            }

            TableHead(html, "list", language, "ColTrigger", "ColSchedule", "ColState", "ColPrevious", "ColNext", "ColAction");
            foreach (var trigger in job.Triggers)
            {
                html.Raw("<tr>");
                Cell(html, T("ColTrigger")).Raw("<code>").Text(trigger.Key.ToString()).Raw("</code></td>");
                Cell(html, T("ColSchedule")).Text(trigger.Schedule).Raw("</td>");
                Cell(html, T("ColState")).Raw("<span class=\"pill ").Attr(trigger.State.ToString().ToLowerInvariant()).Raw("\">").Text(DashboardTexts.TryGet("State" + trigger.State, language) ?? trigger.State.ToString()).Raw("</span></td>");
                Cell(html, T("ColPrevious")).Text(When(trigger.Previous)).Raw("</td>");
                Cell(html, T("ColNext")).Text(trigger.State == TriggerState.Paused ? "—" : When(trigger.Next)).Raw("</td>");
                Cell(html, T("ColAction"));
                var paused = trigger.State == TriggerState.Paused;
                PostForm(html, http, paused ? "scheduler/resume" : "scheduler/pause", "inline");
                Key(html, trigger.Key.Group, trigger.Key.Name);
                html.Raw("<button type=\"submit\"").Raw(paused ? ">" : " class=\"secondary\">").Text(T(paused ? "SchedulerResume" : "SchedulerPause")).Raw("</button></form></td></tr>");
            }

            html.Raw("</tbody></table></section>");
        }

        html.Raw("<section class=\"card\"><h2>").Text(T("SchedulerRuns")).Raw("</h2>");
        if (runs.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Text(T("SchedulerNoRuns")).Raw("</p>");
        }
        else
        {
            TableHead(html, "list", language, "ColJob", "ColNode", "ColStarted", "ColDuration", "ColResult");
            foreach (var run in runs)
            {
                html.Raw(run.Succeeded == false ? "<tr class=\"overdue\">" : "<tr>");
                Cell(html, T("ColJob")).Text(run.JobName).Raw("</td>");
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

    /// <summary>One administrator's change, logged with who made it, then back to the page with what happened.</summary>
    private static async Task<IResult> ChangeAsync(
        HttpContext http, WebSettings web, ILoggerFactory logs, string done, IFormCollection form, Func<IScheduler, string, string, Task<bool>> change, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        string? group = form["group"], name = form["name"];
        var scheduler = await http.RequestServices.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var ok = group is { Length: > 0 and <= 200 } && name is { Length: > 0 and <= 200 } && await change(scheduler, group, name);
        if (ok)
        {
            LogChange(logs.CreateLogger("ChildCare.Dashboard.Scheduler"), user.OfficialId, done, group + "." + name);
        }

        return DashboardEndpoints.SeeOther(http, web.Link(Path + "?m=" + (ok ? done : "Unknown")));
    }

    private static void Key(HtmlBuilder html, string group, string name) =>
        html.Raw("<input type=\"hidden\" name=\"group\" value=\"").Attr(group).Raw("\"><input type=\"hidden\" name=\"name\" value=\"").Attr(name).Raw("\">");

    private static string JobName(JobKey key, Language language) =>
        DashboardTexts.TryGet("Job" + string.Concat(key.Name.Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])), language) ?? key.Name;

    private static string Describe(ITrigger trigger, Language language) => trigger switch
    {
        ICronTrigger cron => DashboardTexts.Format("ScheduleCron", language, cron.CronExpressionString ?? "", cron.TimeZone.Id),
        ISimpleTrigger { RepeatCount: 0 } => DashboardTexts.Get("ScheduleOnce", language),
        ISimpleTrigger simple => DashboardTexts.Format("ScheduleEvery", language, Duration(simple.RepeatInterval)),
        _ => trigger.GetType().Name,
    };

    private static string When(DateTimeOffset? at) => at is { } instant ? Core.Cases.CaseNotifier.Local(instant) : "—";

    private static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s")
        : span.TotalMinutes < 120 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min") : string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: administrator {OfficialId} {Change} {Key} from the dashboard")]
    private static partial void LogChange(ILogger logger, long officialId, string change, string key);
}
