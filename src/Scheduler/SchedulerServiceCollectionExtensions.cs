using ChildCare.Core.Persistence;
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
    public static IServiceCollection AddChildCareScheduler(this IServiceCollection services, DatabaseSettings database, SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(settings);

        services.AddQuartz(quartz =>
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

            quartz.AddJobMiddleware<JobRunRecorder>();
            quartz.AddJob<ClusterProbeJob>(job => job.WithIdentity(ClusterProbeJob.Key).StoreDurably());
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
}
