using Hangfire;
using Hangfire.Storage;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Work meant to run once across the cluster at a time: a Hangfire distributed lock in the job store. A run that
/// finds the lock held skips, successfully, instead of failing into a storm of retries; the next run comes anyway.
/// A lock whose node was killed expires after the store's distributed-lock timeout (one minute on PostgreSQL).
/// </summary>
internal static partial class ClusterLock
{
    /// <summary>Runs <paramref name="work"/> holding the lock on <paramref name="resource"/>; false when another node held it for all of <paramref name="wait"/>.</summary>
    public static async Task<bool> RunAloneAsync(JobStorage storage, string resource, TimeSpan wait, Func<Task> work, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(work);
        using var connection = storage.GetConnection();
        IDisposable held;
        try
        {
            held = connection.AcquireDistributedLock("childcare:" + resource, wait);
        }
        catch (DistributedLockTimeoutException)
        {
            LogSkipped(logger, resource);
            return false;
        }

        using (held)
        {
            await work();
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Jobs: {Resource} is running on another node; this run skips")]
    private static partial void LogSkipped(ILogger logger, string resource);
}
