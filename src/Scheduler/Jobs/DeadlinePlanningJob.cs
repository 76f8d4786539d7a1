using ChildCare.Core.Deadlines;
using Quartz;

namespace ChildCare.Scheduler.Jobs;

/// <summary>Materialises every rule's occurrences over the planning horizon: nightly and at each start.</summary>
[DisallowConcurrentExecution]
internal sealed class DeadlinePlanningJob(DeadlinePlanner planner) : IJob
{
    public static readonly JobKey Key = new("planner", "deadlines");
    public static readonly TriggerKey Nightly = new("planner-nightly", "deadlines");
    public static readonly TriggerKey AtStart = new("planner-at-start", "deadlines");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await planner.PlanAllAsync(cancellationToken);
}
