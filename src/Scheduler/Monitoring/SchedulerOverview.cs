using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Scheduling;
using ChildCare.Scheduler.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Scheduler.Monitoring;

/// <summary>One recurring job as the officials' page shows it: what, how often, when last and next.</summary>
public sealed record ScheduledJobView(string Id, string RunName, Cadence Cadence, DateTimeOffset? LastRun, string? LastState, DateTimeOffset? NextRun);

/// <summary>
/// What the officials' scheduler page shows, read from Hangfire's monitoring API and job_runs: no markup, so the
/// page can render it however it is built.
/// </summary>
public sealed record SchedulerOverview(
    string Node,
    bool RunsHere,
    int Servers,
    IReadOnlyList<ScheduledJobView> Jobs,
    long CaseChecksWaiting,
    IReadOnlyList<JobRun> RecentRuns)
{
    public static async Task<SchedulerOverview> LoadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var storage = services.GetRequiredService<JobStorage>();
        var settings = services.GetRequiredService<SchedulerSettings>();
        var retention = services.GetRequiredService<RetentionSettings>();
        var node = services.GetRequiredService<NodeIdentity>();
        var queues = services.GetRequiredService<JobServerQueues>();

        var monitoring = storage.GetMonitoringApi();
        List<RecurringJobDto> stored;
        using (var connection = storage.GetConnection())
        {
            stored = connection.GetRecurringJobs();
        }

        var byId = stored.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var jobs = JobSchedule.Plan(settings, retention).Select(plan =>
        {
            var dto = byId.GetValueOrDefault(plan.Id);
            return new ScheduledJobView(plan.Id, plan.RunName, plan.Cadence, Utc(dto?.LastExecution), dto?.LastJobState, Utc(dto?.NextExecution));
        }).ToList();

        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync(cancellationToken);
        var runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(25).ToListAsync(cancellationToken);
        return new SchedulerOverview(node.Name, queues.Names.Contains(JobQueues.Default), monitoring.Servers().Count, jobs, monitoring.ScheduledCount(), runs);
    }

    /// <summary>Runs one recurring job now, on whichever node serves its queue; false for an unknown id.</summary>
    public static bool RunNow(IServiceProvider services, string id)
    {
        ArgumentNullException.ThrowIfNull(services);
        var storage = services.GetRequiredService<JobStorage>();
        using (var connection = storage.GetConnection())
        {
            if (!connection.GetRecurringJobs([id]).Any(r => !r.Removed))
            {
                return false;
            }
        }

        services.GetRequiredService<IRecurringJobManager>().Trigger(id);
        return true;
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
