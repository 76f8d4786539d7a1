using ChildCare.Core.Cases;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// A filed or changed case: its check at once (the new-case alert), then a delayed check at each moment ahead, queued
/// in memory for <see cref="CaseClockJobWriter"/> to create as Hangfire jobs off the reporter's turn.
/// </summary>
internal sealed partial class HangfireCaseClockJobs(CaseClockJobWriter writer, CaseSettings settings, TimeProvider time, ILogger<HangfireCaseClockJobs> logger) : ICaseClockJobs
{
    public void Changed(ChildCase filed)
    {
        ArgumentNullException.ThrowIfNull(filed);
        if (!writer.Queue(filed.Id, CaseClocks.Moments(filed, settings, time.GetUtcNow())))
        {
            LogStopping(filed.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: the node is stopping; the clock jobs of case {CaseId} are left to the sweep")]
    private partial void LogStopping(long caseId);
}
