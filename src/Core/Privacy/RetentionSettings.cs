using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Privacy;

/// <summary>
/// How long the product keeps what it no longer needs: the delivery record of messages (their texts are erased
/// as soon as they are sent), handled updates, and conversations nobody continued. Read and checked at start-up.
/// </summary>
public sealed record RetentionSettings(int MessageDays, int InboxDays, int IdleConversationDays, TimeSpan PurgeInterval)
{
    public const string MessageDaysKey = "Retention:MessageDays";
    public const string InboxDaysKey = "Retention:InboxDays";
    public const string IdleConversationDaysKey = "Retention:IdleConversationDays";
    public const string PurgeIntervalMinutesKey = "Retention:PurgeIntervalMinutes";

    public static RetentionSettings Default { get; } = new(30, 2, 30, TimeSpan.FromHours(1));

    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static RetentionSettings Read(IConfiguration configuration) => new(
        SettingsReader.WholeNumber(configuration, MessageDaysKey, Default.MessageDays, 1, 3650),
        // Telegram sends an update again for up to 24 hours: a handled one is remembered at least that long.
        SettingsReader.WholeNumber(configuration, InboxDaysKey, Default.InboxDays, 1, 3650),
        SettingsReader.WholeNumber(configuration, IdleConversationDaysKey, Default.IdleConversationDays, 1, 3650),
        TimeSpan.FromMinutes(SettingsReader.WholeNumber(configuration, PurgeIntervalMinutesKey, (int)Default.PurgeInterval.TotalMinutes, 1, 1440)));
}
