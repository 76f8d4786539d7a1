using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Conversations;

/// <summary>The help desk's limits, read once at start-up.</summary>
public sealed record ConversationSettings(int MaxReportsPerHour, int DraftRetentionDays)
{
    public const string MaxReportsPerHourKey = "Conversations:MaxReportsPerHour";
    public const string DraftRetentionDaysKey = "Conversations:DraftRetentionDays";

    public static ConversationSettings Default { get; } = new(3, 7);

    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static ConversationSettings Read(IConfiguration configuration) => new(
        SettingsReader.WholeNumber(configuration, MaxReportsPerHourKey, Default.MaxReportsPerHour, 1, 100),
        SettingsReader.WholeNumber(configuration, DraftRetentionDaysKey, Default.DraftRetentionDays, 1, 90));
}
