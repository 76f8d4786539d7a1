using ChildCare.Core.Deadlines;
using Quartz;

namespace ChildCare.Scheduler.Jobs;

/// <summary>Every few minutes: materialise the reminders now owed, then hand the due ones to the outbox.</summary>
[DisallowConcurrentExecution]
internal sealed class ReminderJob(ReminderService reminders) : IJob
{
    public static readonly JobKey Key = new("reminders", "deadlines");
    public static readonly TriggerKey Every = new("reminders-every", "deadlines");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        await reminders.MaterialiseAsync(cancellationToken);
        await reminders.DispatchDueAsync(cancellationToken);
    }
}
