using ChildCare.Core.Cases;
using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// A filed or changed case: its check at once (the new-case alert), then a delayed check at each moment ahead.
/// Delays are measured on our <see cref="TimeProvider"/>, so a moved clock moves the moments too.
/// </summary>
internal sealed partial class HangfireCaseClockJobs(IBackgroundJobClient jobs, CaseSettings settings, TimeProvider time, ILogger<HangfireCaseClockJobs> logger) : ICaseClockJobs
{
    public void Changed(ChildCase filed)
    {
        ArgumentNullException.ThrowIfNull(filed);
        var caseId = filed.Id;
        try
        {
            jobs.Enqueue<CaseClockJob>(j => j.CheckAsync(caseId, CancellationToken.None));
            var now = time.GetUtcNow();
            foreach (var at in CaseClocks.Moments(filed, settings, now))
            {
                jobs.Schedule<CaseClockJob>(j => j.CheckAsync(caseId, CancellationToken.None), at - now);
            }
        }
        catch (BackgroundJobClientException e)
        {
            // The case is filed whatever happens here: the sweep sends what is owed from the cases table.
            LogNotScheduled(e, filed.Code);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: the clock jobs of {Code} could not be created; the sweep will send its alerts")]
    private partial void LogNotScheduled(Exception e, string code);
}
