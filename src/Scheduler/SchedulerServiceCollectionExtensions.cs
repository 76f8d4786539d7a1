using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Time;
using ChildCare.Scheduler.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace ChildCare.Scheduler;

public static class SchedulerServiceCollectionExtensions
{
    public const string SchedulerName = "ChildCare";

    /// <summary>
    /// Registers the Quartz scheduler on the product's database: clustered on PostgreSQL so several nodes
    /// share the work, single-node on SQLite. The store's tables are created when missing.
    /// </summary>
    public static IServiceCollection AddChildCareScheduler(this IServiceCollection services, DatabaseSettings database, SchedulerSettings settings, RetentionSettings? retention = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        var purgeEvery = (retention ?? RetentionSettings.Default).PurgeInterval;
        services.TryAddSingleton(settings);

        services.AddQuartz(quartz =>
        {
            UseStore(quartz, database, settings);
            quartz.AddJobMiddleware<JobRunRecorder>();
            quartz.AddJob<ClusterProbeJob>(job => job.WithIdentity(ClusterProbeJob.Key).StoreDurably());

            // Planning runs once at every start (the trigger has a fixed identity, so nodes starting together
            // replace each other's and it fires once) and nightly; reminders every few minutes. A fire missed
            // while every node was down runs once on start rather than once per missed interval.
            quartz.AddJob<DeadlinePlanningJob>(job => job.WithIdentity(DeadlinePlanningJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger.ForJob(DeadlinePlanningJob.Key).WithIdentity(DeadlinePlanningJob.Nightly)
                .WithCronSchedule("0 30 1 * * ?", cron => cron.InTimeZone(VietnamTime.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            quartz.AddTrigger(trigger => trigger.ForJob(DeadlinePlanningJob.Key).WithIdentity(DeadlinePlanningJob.AtStart).StartNow()
                .WithSimpleSchedule(simple => simple.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)));
            quartz.AddJob<ReminderJob>(job => job.WithIdentity(ReminderJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger.ForJob(ReminderJob.Key).WithIdentity(ReminderJob.Every)
                .StartAt(TimeProvider.System.GetUtcNow().AddSeconds(20)) // after the planning run at start
                .WithSimpleSchedule(simple => simple.WithInterval(settings.ReminderInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
            // The privacy purge (PrivacyHousekeeping, registered with AddChildCarePrivacy): a minute after start, then
            // every Retention:PurgeIntervalMinutes; a run missed while every node was down runs once.
            quartz.AddJob<PrivacyPurgeJob>(job => job.WithIdentity(PrivacyPurgeJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger.ForJob(PrivacyPurgeJob.Key).WithIdentity(PrivacyPurgeJob.Every)
                .StartAt(TimeProvider.System.GetUtcNow().AddMinutes(1))
                .WithSimpleSchedule(simple => simple.WithInterval(purgeEvery).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
            quartz.AddQuartzHealthChecks(health =>
            {
                health.Name = "scheduler";
                health.Tags.Add("ready");
            });
        });

        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("scheduler-cluster", tags: ["ready"]);
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>
    /// For a web node that runs no jobs (<c>Scheduler:InProcess=false</c>): the same scheduler on the same store,
    /// never started, so the dashboard can list jobs and triggers and pause, resume or fire them; the Scheduler
    /// nodes see the change in the shared tables and do the work.
    /// </summary>
    public static IServiceCollection AddChildCareSchedulerClient(this IServiceCollection services, DatabaseSettings database, SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(settings);
        services.AddQuartz(quartz => UseStore(quartz, database, settings));
        return services;
    }

    private static void UseStore(IQuartzBuilder quartz, DatabaseSettings database, SchedulerSettings settings)
    {
        quartz.ConfigureScheduler(options =>
        {
            options.InstanceName = SchedulerName;
            options.DefaultTimeZone = VietnamTime.Zone;
            if (settings.InstanceId is not null)
            {
                options.InstanceId = settings.InstanceId;
            }
        });

        quartz.UseDefaultThreadPool(settings.ThreadCount);
        quartz.UsePersistentStore(store =>
        {
            if (database.Provider == DatabaseProvider.Postgres)
            {
                store.UsePostgres(database.ConnectionString);
                store.UseClustering(c => c.CheckinInterval = settings.ClusterCheckinInterval);
            }
            else
            {
                store.UseSqlite(database.ConnectionString);
            }

            store.ProvisionSchema();
        });
    }
}
