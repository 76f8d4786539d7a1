namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Hangfire queues. The case clocks go where the message channels are (the Bot's job server), because who can be
/// reached, and so whom an alert goes up the tree to, depends on the channels a node sends on; everything else
/// goes to the default queue, which the Scheduler nodes (or the Bot, running the scheduler in-process) serve.
/// </summary>
public static class JobQueues
{
    public const string Default = "default";
    public const string Cases = "cases";
}
