using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Every <c>Retention:PurgeIntervalMinutes</c>: forget what is no longer needed (handled inbox rows, sent outbox rows,
/// idle conversations: <see cref="PrivacyHousekeeping"/>) and job runs older than <c>Scheduler:JobHistoryDays</c>.
/// Hangfire forgets its own finished jobs after a day.
/// </summary>
internal sealed class HousekeepingJob(
    PrivacyHousekeeping housekeeping,
    IDbContextFactory<ChildCareDbContext> contexts,
    SchedulerSettings settings,
    TimeProvider time,
    JobStorage storage,
    ILogger<HousekeepingJob> logger)
{
    [JobRunName("privacy.purge")]
    [JobDisplayName("Housekeeping: purge what the retention settings let go")]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        ClusterLock.RunAloneAsync(storage, "housekeeping", TimeSpan.Zero, async () =>
        {
            await housekeeping.RunAsync(cancellationToken);
            var before = time.GetUtcNow().AddDays(-settings.JobHistoryDays);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.JobRuns.Where(r => r.StartedAt < before).ExecuteDeleteAsync(cancellationToken);
        }, logger);
}
