namespace ChildCare.Scheduler.Jobs;

/// <summary>The name a job's runs carry in job_runs and on the officials' scheduler page ("deadlines.reminders").</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class JobRunNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
