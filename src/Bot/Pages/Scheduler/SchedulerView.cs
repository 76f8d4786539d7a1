namespace ChildCare.Bot.Pages.Scheduler;

/// <summary>
/// What the scheduler page shows, whatever runs the jobs: the scheduler, its jobs with their triggers, and the
/// recent runs on every node. The endpoint fills it from the job server's monitoring; the page knows none of it.
/// </summary>
public sealed record SchedulerView(string Name, string Instance, bool RunsHere, IReadOnlyList<SchedulerJob> Jobs, IReadOnlyList<SchedulerRun> Runs);

/// <summary>A job: its key (group and name, posted back to run it now), its name in words, its triggers.</summary>
public sealed record SchedulerJob(string Group, string Name, string Title, IReadOnlyList<SchedulerTrigger> Triggers)
{
    public string Key => Group + "." + Name;
}

/// <summary>A trigger: its key, its schedule in words, its state (a css name and words), the previous and next fire times.</summary>
public sealed record SchedulerTrigger(string Group, string Name, string Schedule, string State, string StateText, bool Paused, DateTimeOffset? Previous, DateTimeOffset? Next)
{
    public string Key => Group + "." + Name;
}

/// <summary>A run of a job on a node: still running while <see cref="Succeeded"/> is null.</summary>
public sealed record SchedulerRun(string Job, string Node, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, bool? Succeeded);
