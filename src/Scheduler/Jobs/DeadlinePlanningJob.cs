using ChildCare.Core.Deadlines;
using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Materialises every rule's occurrences: at each start of the cluster and nightly, what changed since the last run
/// (the days that came into view, rules edited and not yet re-planned; see <see cref="DeadlinePlanner"/>). Never two at once.
/// </summary>
internal sealed class DeadlinePlanningJob(DeadlinePlanner planner, JobStorage storage, ILogger<DeadlinePlanningJob> logger)
{
    private const string Resource = "deadline-planning";

    [JobRunName("deadlines.planner")]
    [JobDisplayName("Deadlines: plan what changed since the last run")]
    [AutomaticRetry(Attempts = 3)]
    public Task PlanAllAsync(CancellationToken cancellationToken) =>
        ClusterLock.RunAloneAsync(storage, Resource, TimeSpan.FromMinutes(5), async () => await planner.PlanAllAsync(cancellationToken), logger);

    [JobRunName("deadlines.planner-nightly")]
    [JobDisplayName("Deadlines: plan the days that came into view")]
    [AutomaticRetry(Attempts = 3)]
    public Task PlanTailAsync(CancellationToken cancellationToken) =>
        ClusterLock.RunAloneAsync(storage, Resource, TimeSpan.FromMinutes(5), async () => await planner.PlanHorizonTailAsync(cancellationToken), logger);
}
