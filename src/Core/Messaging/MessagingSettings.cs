using ChildCare.Core.Configuration;
using ChildCare.Core.Persistence;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Messaging;

/// <summary>
/// How fast the outbox dispatcher may send. Defaults are Telegram's published limits: about 30 messages a
/// second per bot, one a second per private chat, 20 a minute per group.
/// </summary>
public sealed record MessagingSettings(
    double GlobalPerSecond,
    double PrivateChatPerSecond,
    int GroupPerMinute,
    int MaxConcurrentSends,
    TimeSpan PollInterval)
{
    public const string GlobalPerSecondKey = "Messaging:GlobalPerSecond";
    public const string PrivateChatPerSecondKey = "Messaging:PrivateChatPerSecond";
    public const string GroupPerMinuteKey = "Messaging:GroupPerMinute";
    public const string MaxConcurrentSendsKey = "Messaging:MaxConcurrentSends";
    public const string PollMillisecondsKey = "Messaging:PollMilliseconds";
    public const string SendPartitionsKey = "Messaging:SendPartitions";

    /// <summary>The partitions on PostgreSQL when <see cref="SendPartitionsKey"/> is not set: two to four Bot nodes share the sending evenly.</summary>
    public const int DefaultPostgresPartitions = 4;

    /// <summary>
    /// How many parts the outbox is sent in, by chat (<see cref="OutboxPartitions"/>); each part is sent by one node at a
    /// time, so up to this many Bot nodes share the sending. Null: <see cref="DefaultPostgresPartitions"/> on PostgreSQL.
    /// SQLite has one node and always one part (<see cref="PartitionsFor"/>).
    /// </summary>
    public int? SendPartitions { get; init; }

    public static MessagingSettings Default { get; } = new(30, 1, 20, 16, TimeSpan.FromMilliseconds(500));

    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static MessagingSettings Read(IConfiguration configuration)
    {
        var settings = new MessagingSettings(
            SettingsReader.Number(configuration, GlobalPerSecondKey, Default.GlobalPerSecond, 0.1, 10_000),
            SettingsReader.Number(configuration, PrivateChatPerSecondKey, Default.PrivateChatPerSecond, 0.01, 1_000),
            SettingsReader.WholeNumber(configuration, GroupPerMinuteKey, Default.GroupPerMinute, 1, 60_000),
            SettingsReader.WholeNumber(configuration, MaxConcurrentSendsKey, Default.MaxConcurrentSends, 1, 256),
            TimeSpan.FromMilliseconds(SettingsReader.WholeNumber(configuration, PollMillisecondsKey, 500, 10, 60_000)));
        if (SettingsReader.Text(configuration, SendPartitionsKey) is null)
        {
            return settings;
        }

        var partitions = SettingsReader.WholeNumber(configuration, SendPartitionsKey, 1, 1, 64);
        // Each node passes its share of the bot's rate (SendRateGate.Share), at least one message a second per part.
        return partitions > Math.Max(1, Math.Floor(settings.GlobalPerSecond))
            ? throw new ConfigurationException(SendPartitionsKey, $"is {partitions}; it may not exceed {GlobalPerSecondKey} ({settings.GlobalPerSecond}): each part sends at least one message a second.")
            : settings with { SendPartitions = partitions };
    }

    /// <summary>The parts the outbox is sent in on <paramref name="provider"/>: always one on SQLite (one node).</summary>
    public int PartitionsFor(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres
            ? Math.Clamp(SendPartitions ?? Math.Min(DefaultPostgresPartitions, (int)Math.Floor(GlobalPerSecond)), 1, 64)
            : 1;
}
