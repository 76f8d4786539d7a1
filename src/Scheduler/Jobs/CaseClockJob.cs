using ChildCare.Core.Cases;
using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// The case clocks as jobs. A check carries nothing but the case id (job arguments lie in clear in the job store),
/// re-reads the case and sends only what is owed and not sent yet, so a check that runs twice, late or after the
/// case was taken or closed sends nothing more. The sweep is the safety net: our tables are the truth, the job
/// store only says when.
/// </summary>
internal sealed class CaseClockJob(CaseWatch watch, SchedulerSettings settings, TimeProvider time, IBackgroundJobClient jobs, JobStorage storage, ILogger<CaseClockJob> logger)
{
    [JobRunName("cases.clock")]
    [JobDisplayName("Cases: check case {0}")]
    [Queue(JobQueues.Cases)]
    [AutomaticRetry(Attempts = 5)]
    public Task CheckAsync(long caseId, CancellationToken cancellationToken) => watch.CheckCaseAsync(caseId, cancellationToken);

    /// <summary>
    /// Every few minutes: sends whatever is owed now (a check lost with an in-memory store, an alert whose
    /// messages all came back undeliverable), then makes sure every moment before the next sweep has its check,
    /// re-creating from the cases table the jobs a crash lost. A second check for a moment costs a read.
    /// </summary>
    [JobRunName("cases.sweep")]
    [JobDisplayName("Cases: sweep the open cases' clocks")]
    [Queue(JobQueues.Cases)]
    [AutomaticRetry(Attempts = 0, LogEvents = false)]
    public Task SweepAsync(CancellationToken cancellationToken) =>
        ClusterLock.RunAloneAsync(storage, "case-sweep", TimeSpan.Zero, async () =>
        {
            await watch.RunOnceAsync(cancellationToken);
            var now = time.GetUtcNow();
            foreach (var (caseId, at) in await watch.UpcomingAsync(settings.CaseSweepInterval + TimeSpan.FromMinutes(1), cancellationToken))
            {
                jobs.Schedule<CaseClockJob>(j => j.CheckAsync(caseId, CancellationToken.None), at - now);
            }
        }, logger);
}
