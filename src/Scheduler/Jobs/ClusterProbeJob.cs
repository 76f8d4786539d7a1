using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Does nothing but get recorded in job_runs: an operator's "run now" on it proves that some node of the
/// cluster picks up work, and tests use it to prove a job enqueued once runs once, and resumes on another node
/// after its node is killed.
/// </summary>
internal static class ClusterProbeJob
{
    [JobRunName("maintenance.cluster-probe")]
    [JobDisplayName("Maintenance: cluster probe")]
    [AutomaticRetry(Attempts = 0)]
    public static Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The probe that takes <paramref name="seconds"/>: what a kill in the middle of a job is tried with.</summary>
    [JobRunName("maintenance.cluster-probe")]
    [JobDisplayName("Maintenance: cluster probe holding a worker for {0} s")]
    [AutomaticRetry(Attempts = 0)]
    public static Task HoldAsync(int seconds, CancellationToken cancellationToken) => Task.Delay(TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 600)), cancellationToken);
}
