using ChildCare.Core.Deadlines;
using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>Every few minutes: materialise the reminders now owed, then hand the due ones to the outbox.</summary>
internal sealed class ReminderJob(ReminderService reminders, JobStorage storage, ILogger<ReminderJob> logger)
{
    // No retries: the next run, minutes later, does the same work; a run that finds another running skips.
    [JobRunName("deadlines.reminders")]
    [JobDisplayName("Reminders: materialise and dispatch")]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public Task RunAsync(CancellationToken cancellationToken) =>
        ClusterLock.RunAloneAsync(storage, "reminders", TimeSpan.Zero, async () =>
        {
            await reminders.MaterialiseAsync(cancellationToken);
            await reminders.DispatchDueAsync(cancellationToken);
        }, logger);
}
