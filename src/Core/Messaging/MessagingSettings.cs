using ChildCare.Core.Configuration;
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

    public static MessagingSettings Default { get; } = new(30, 1, 20, 16, TimeSpan.FromMilliseconds(500));

    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static MessagingSettings Read(IConfiguration configuration) => new(
        SettingsReader.Number(configuration, GlobalPerSecondKey, Default.GlobalPerSecond, 0.1, 10_000),
        SettingsReader.Number(configuration, PrivateChatPerSecondKey, Default.PrivateChatPerSecond, 0.01, 1_000),
        SettingsReader.WholeNumber(configuration, GroupPerMinuteKey, Default.GroupPerMinute, 1, 60_000),
        SettingsReader.WholeNumber(configuration, MaxConcurrentSendsKey, Default.MaxConcurrentSends, 1, 256),
        TimeSpan.FromMilliseconds(SettingsReader.WholeNumber(configuration, PollMillisecondsKey, 500, 10, 60_000)));
}
