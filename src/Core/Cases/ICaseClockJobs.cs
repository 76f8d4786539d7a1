namespace ChildCare.Core.Cases;

/// <summary>
/// Turns a case's clock moments into timed work (Hangfire jobs, registered by the Scheduler). The job store only
/// says when: each job re-reads the case, and the sweep re-creates from our tables whatever a crash lost.
/// </summary>
public interface ICaseClockJobs
{
    /// <summary>
    /// A case was filed or changed in a way that moves its clocks (routed, referred, risk set, reopened): check it
    /// at once and at each moment still ahead. Never throws: a job that cannot be created is left to the sweep.
    /// </summary>
    void Changed(ChildCase filed);
}

/// <summary>No job store (a test host, a tool): the sweep, or a test calling <see cref="CaseWatch.RunOnceAsync"/>, does the work.</summary>
internal sealed class NoCaseClockJobs : ICaseClockJobs
{
    public void Changed(ChildCase filed)
    {
    }
}
