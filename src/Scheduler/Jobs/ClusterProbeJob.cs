using Quartz;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Does nothing but get recorded in job_runs: an operator's "run now" on it proves that some node of the
/// cluster picks up work, and tests use it to prove a job scheduled once runs once.
/// </summary>
internal sealed class ClusterProbeJob : IJob
{
    public static readonly JobKey Key = new("cluster-probe", "maintenance");

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
