using ChildCare.Core.Deadlines;
using Quartz;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Materialises every rule's occurrences: the whole horizon at each start, and nightly the days that came
/// into view (see <see cref="DeadlinePlanner.PlanHorizonTailAsync"/>).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DeadlinePlanningJob(DeadlinePlanner planner) : IJob
{
    public static readonly JobKey Key = new("planner", "deadlines");
    public static readonly TriggerKey Nightly = new("planner-nightly", "deadlines");
    public static readonly TriggerKey AtStart = new("planner-at-start", "deadlines");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Nightly.Equals(context.Trigger.Key))
        {
            await planner.PlanHorizonTailAsync(cancellationToken);
        }
        else
        {
            await planner.PlanAllAsync(cancellationToken);
        }
    }
}
