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
    public const string InvisibilityKey = "Scheduler:InvisibilitySeconds";
    public const string PollKey = "Scheduler:PollSeconds";
    public const string CaseSweepKey = "Scheduler:CaseSweepMinutes";
    public const string JobHistoryDaysKey = "Scheduler:JobHistoryDays";

    /// <summary>
    /// How long a job fetched by a node stays invisible to the others; the node renews it while the job runs
    /// (sliding), so after a kill -9 the job is fetched again by a surviving node within this time and a poll.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a node looks for queued work (PostgreSQL) and for delayed jobs whose moment came.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the sweep re-reads the open cases and re-creates the clock jobs a crash lost.</summary>
    public TimeSpan CaseSweepInterval { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the job_runs history is kept.</summary>
    public int JobHistoryDays { get; init; } = 30;

    /// <exception cref="ConfigurationException">A value is malformed.</exception>
    public static SchedulerSettings Read(IConfiguration configuration)
    {
        var reminders = TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, ReminderIntervalKey, 300, 5, 3600));
        if (Cadence.Every(reminders).Interval != reminders)
        {
            throw new ConfigurationException(ReminderIntervalKey, "must divide a minute (5, 10, 15, 20, 30 seconds) or an hour (60, 120, 300, 600, 900, 1200, 1800, 3600 seconds).");
        }

        var sweep = TimeSpan.FromMinutes(SettingsReader.WholeNumber(configuration, CaseSweepKey, 2, 1, 30));
        if (Cadence.Every(sweep).Interval != sweep)
        {
            throw new ConfigurationException(CaseSweepKey, "must divide an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 minutes).");
        }

        return new(
            SettingsReader.Flag(configuration, InProcessKey, fallback: true),
            SettingsReader.WholeNumber(configuration, HealthPortKey, 5081, 1, 65535),
            SettingsReader.WholeNumber(configuration, ThreadCountKey, 4, 1, 64),
            ReadInstanceId(configuration),
            TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, ClusterCheckinKey, 10, 1, 300)),
            reminders)
        {
            InvisibilityTimeout = TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, InvisibilityKey, 60, 15, 1800)),
            PollInterval = TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, PollKey, 5, 1, 60)),
            CaseSweepInterval = sweep,
            JobHistoryDays = SettingsReader.WholeNumber(configuration, JobHistoryDaysKey, 30, 1, 3650),
        };
    }

    private static string? ReadInstanceId(IConfiguration configuration)
    {
        var id = SettingsReader.Text(configuration, InstanceIdKey);
        if (id is not null && (id.Length > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ConfigurationException(InstanceIdKey, "must be at most 100 letters, digits, '-', '_' or '.', unique per node, or left empty to generate one.");
        }

        return id;
    }
}
