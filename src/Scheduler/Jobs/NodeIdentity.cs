using System.Globalization;

namespace ChildCare.Scheduler.Jobs;

/// <summary>This node's name: its Hangfire server's name, in job_runs and on /healthz.</summary>
public sealed record NodeIdentity(string Name)
{
    public static NodeIdentity For(SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.InstanceId ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}"));
    }
}
