using System.Globalization;
using ChildCare.Core.Privacy;
using ChildCare.Core.Time;
using Hangfire;
using Hangfire.Storage;

namespace ChildCare.Scheduler.Jobs;

/// <summary>The recurring jobs, with fixed ids, in Vietnam time: what each node serving their queue registers at start.</summary>
public sealed record RecurringJobPlan(string Id, string RunName, string Queue, Cadence Cadence);

/// <summary>
/// Registers the recurring jobs of the queues this node serves (the same ids on every node: the last one to
/// start writes the same definitions again) and enqueues a planning run (what changed since the last one) once per start of the
/// cluster: nodes starting within <see cref="StartWindow"/> of each other share one run.
/// </summary>
internal sealed partial class JobSchedule(
    IRecurringJobManager recurring,
    IBackgroundJobClient jobs,
    JobStorage storage,
    SchedulerSettings settings,
    RetentionSettings retention,
    JobServerQueues queues,
    TimeProvider time,
    ILogger<JobSchedule> logger) : IHostedService
{
    public const string Planner = "deadline-planning";
    public const string Reminders = "reminders";
    public const string Housekeeping = "housekeeping";
    public const string CaseSweep = "case-sweep";
    private const string StartKey = "childcare:planning-at-start";
    public static readonly TimeSpan StartWindow = TimeSpan.FromMinutes(2);

    /// <summary>Every recurring job of the deployment, whichever node registers it.</summary>
    public static IReadOnlyList<RecurringJobPlan> Plan(SchedulerSettings settings, RetentionSettings retention)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(retention);
        return
        [
            new(Reminders, "deadlines.reminders", JobQueues.Default, Cadence.Every(settings.ReminderInterval)),
            new(Planner, "deadlines.planner-nightly", JobQueues.Default, Cadence.Daily(new TimeOnly(1, 30))),
            new(Housekeeping, "privacy.purge", JobQueues.Default, Cadence.Every(retention.PurgeInterval)),
            new(CaseSweep, "cases.sweep", JobQueues.Cases, Cadence.Every(settings.CaseSweepInterval)),
        ];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = new RecurringJobOptions { TimeZone = VietnamTime.Zone, MisfireHandling = MisfireHandlingMode.Relaxed };
        foreach (var job in Plan(settings, retention).Where(j => queues.Names.Contains(j.Queue)))
        {
            switch (job.Id)
            {
                case Reminders:
                    recurring.AddOrUpdate<ReminderJob>(job.Id, job.Queue, j => j.RunAsync(CancellationToken.None), job.Cadence.Cron, options);
                    break;
                case Planner:
                    recurring.AddOrUpdate<DeadlinePlanningJob>(job.Id, job.Queue, j => j.PlanTailAsync(CancellationToken.None), job.Cadence.Cron, options);
                    break;
                case Housekeeping:
                    recurring.AddOrUpdate<HousekeepingJob>(job.Id, job.Queue, j => j.RunAsync(CancellationToken.None), job.Cadence.Cron, options);
                    break;
                case CaseSweep:
                    recurring.AddOrUpdate<CaseClockJob>(job.Id, job.Queue, j => j.SweepAsync(CancellationToken.None), job.Cadence.Cron, options);
                    break;
            }
        }

        if (queues.Names.Contains(JobQueues.Default))
        {
            PlanOncePerStart();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void PlanOncePerStart()
    {
        using var connection = storage.GetConnection();
        try
        {
            using var held = connection.AcquireDistributedLock(StartKey, TimeSpan.FromSeconds(30));
            var now = time.GetUtcNow();
            var last = connection.GetAllEntriesFromHash(StartKey)?.GetValueOrDefault("at");
            if (last is not null && DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) && now - at < StartWindow)
            {
                LogPlanningShared(at);
                return;
            }

            jobs.Enqueue<DeadlinePlanningJob>(j => j.PlanAllAsync(CancellationToken.None));
            using var write = connection.CreateWriteTransaction();
            write.SetRangeInHash(StartKey, [new KeyValuePair<string, string>("at", now.ToString("O", CultureInfo.InvariantCulture))]);
            write.Commit();
        }
        catch (DistributedLockTimeoutException)
        {
            // Another node is deciding right now: it enqueues the planning.
            LogPlanningShared(null);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Jobs: the planning at start was enqueued by another node ({At}); not again")]
    private partial void LogPlanningShared(DateTimeOffset? at);
}

/// <summary>The queues this node's job server serves; none on a node that only enqueues.</summary>
public sealed record JobServerQueues(IReadOnlyList<string> Names);
