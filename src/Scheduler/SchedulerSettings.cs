using ChildCare.Core.Configuration;

namespace ChildCare.Scheduler;

/// <summary>How this process takes part in scheduling, read and checked once at start-up.</summary>
public sealed record SchedulerSettings(
    bool InProcess,
    int HealthPort,
    int ThreadCount,
    string? InstanceId,
    TimeSpan ClusterCheckinInterval,
    TimeSpan ReminderInterval)
{
    public const string InProcessKey = "Scheduler:InProcess";
    public const string HealthPortKey = "Scheduler:HealthPort";
    public const string ThreadCountKey = "Scheduler:ThreadCount";
    public const string InstanceIdKey = "Scheduler:InstanceId";
    public const string ClusterCheckinKey = "Scheduler:ClusterCheckinSeconds";
    public const string ReminderIntervalKey = "Scheduler:ReminderIntervalSeconds";

    /// <exception cref="ConfigurationException">A value is malformed.</exception>
    public static SchedulerSettings Read(IConfiguration configuration) => new(
        SettingsReader.Flag(configuration, InProcessKey, fallback: true),
        SettingsReader.WholeNumber(configuration, HealthPortKey, 5081, 1, 65535),
        SettingsReader.WholeNumber(configuration, ThreadCountKey, 4, 1, 64),
        ReadInstanceId(configuration),
        TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, ClusterCheckinKey, 10, 1, 300)),
        TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, ReminderIntervalKey, 300, 5, 3600)));

    private static string? ReadInstanceId(IConfiguration configuration)
    {
        var id = SettingsReader.Text(configuration, InstanceIdKey);
        if (id is not null && (id.Length > 150 || id.Any(char.IsControl)))
        {
            throw new ConfigurationException(InstanceIdKey, "must be at most 150 printable characters, unique per node, or left empty to generate one.");
        }

        return id;
    }
}
