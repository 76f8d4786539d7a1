using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Does nothing but get recorded in job_runs: an operator's "run now" on it proves that some node of the
/// cluster picks up work, and tests use it to prove a job enqueued once runs once.
/// </summary>
internal static class ClusterProbeJob
{
    [JobRunName("maintenance.cluster-probe")]
    [JobDisplayName("Maintenance: cluster probe")]
    [AutomaticRetry(Attempts = 0)]
    public static Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
