using ChildCare.Core.Cases;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Scheduler.Jobs;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Scheduler;

public static class SchedulerServiceCollectionExtensions
{
    /// <summary>
    /// A Hangfire job server on the product's database (PostgreSQL: shared by every node; SQLite: in memory, one
    /// node) serving the default queue (planning, reminders, housekeeping) and, where the message channels are
    /// (<paramref name="caseClocks"/>: the Bot), the case clocks.
    /// </summary>
    public static IServiceCollection AddChildCareScheduler(this IServiceCollection services, DatabaseSettings database, SchedulerSettings settings, RetentionSettings? retention = null, bool caseClocks = false)
    {
        IReadOnlyList<string> queues = caseClocks ? [JobQueues.Cases, JobQueues.Default] : [JobQueues.Default];
        services.AddHealthChecks().AddCheck<JobServerHealthCheck>("scheduler", tags: ["ready"]);
        return services.AddJobs(database, settings, retention, queues);
    }

    /// <summary>
    /// For a Bot that leaves the scheduled work to Scheduler nodes (<c>Scheduler:InProcess=false</c>): the same store,
    /// to enqueue case checks, show the dashboard and run jobs now; and a small server for the case-clock queue only,
    /// because an alert's route depends on the channels this node sends on.
    /// </summary>
    public static IServiceCollection AddChildCareSchedulerClient(this IServiceCollection services, DatabaseSettings database, SchedulerSettings settings, RetentionSettings? retention = null) =>
        services.AddJobs(database, settings with { ThreadCount = Math.Min(settings.ThreadCount, 2) }, retention, [JobQueues.Cases]);

    private static IServiceCollection AddJobs(this IServiceCollection services, DatabaseSettings database, SchedulerSettings settings, RetentionSettings? retention, IReadOnlyList<string> queues)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(settings);
        services.TryAddSingleton(retention ?? RetentionSettings.Default);
        var node = NodeIdentity.For(settings);
        services.AddSingleton(node);
        services.AddSingleton(new JobServerQueues(queues));

        // Hangfire's own registration reads its statics (JobStorage.Current, the global filters and activator); these
        // come first so that each host (several share a test process) keeps its own store, filters and services.
        services.AddSingleton(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>(); // the log provider first: the store logs from its constructor
            return JobStores.Create(database, settings);
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<IJobFilterProvider>(sp =>
        {
            var own = new JobFilterCollection();
            own.Add(sp.GetRequiredService<JobRunRecorder>());
            return new JobFilterProviderCollection(JobFilterProviders.Providers, own);
        });
        services.AddHangfire((sp, configuration) => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogs.Shared.Attach(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, options) =>
        {
            options.ServerName = node.Name;
            options.Queues = [.. queues];
            options.WorkerCount = settings.ThreadCount;
            options.SchedulePollingInterval = settings.PollInterval;
            options.HeartbeatInterval = settings.ClusterCheckinInterval;
            options.ServerCheckInterval = settings.ClusterCheckinInterval;
            options.ServerTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(20).Ticks, 4 * settings.ClusterCheckinInterval.Ticks));
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
            options.TimeZoneResolver = sp.GetRequiredService<ITimeZoneResolver>();
        });

        services.AddHostedService<JobSchedule>();
        // The writer needs only the job store; the case settings come with the Bot's case services.
        services.AddSingleton<CaseClockJobWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<CaseClockJobWriter>());
        services.Replace(ServiceDescriptor.Singleton<ICaseClockJobs, HangfireCaseClockJobs>());
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("scheduler-cluster", tags: ["ready"]);
        return services;
    }
}
