using ChildCare.Core.Privacy;
using Quartz;

namespace ChildCare.Scheduler.Jobs;

/// <summary>Every <c>Retention:PurgeIntervalMinutes</c>: forget what is no longer needed (see <see cref="PrivacyHousekeeping"/>).</summary>
[DisallowConcurrentExecution]
internal sealed class PrivacyPurgeJob(PrivacyHousekeeping housekeeping) : IJob
{
    public static readonly JobKey Key = new("purge", "privacy");
    public static readonly TriggerKey Every = new("purge-every", "privacy");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await housekeeping.RunAsync(cancellationToken);
}
