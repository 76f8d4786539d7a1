using System.Globalization;
using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Deadlines;

/// <summary>Settings of deadline planning and reminders (section <c>Deadlines</c>).</summary>
/// <param name="PlanningHorizonDays">How far ahead occurrences are materialised.</param>
/// <param name="ReminderTime">Local time (Asia/Ho_Chi_Minh) reminders go out.</param>
/// <param name="ReminderWindow">How far ahead reminders are materialised for their recipients.</param>
/// <param name="LateAfter">A reminder sent this long after its moment says it is late.</param>
/// <param name="LoadDemoData">Load the seed plans' units and rules into an empty database on start.</param>
/// <param name="InviteValidDays">How long an invite code works.</param>
public sealed record DeadlineSettings(
    int PlanningHorizonDays,
    TimeOnly ReminderTime,
    TimeSpan ReminderWindow,
    TimeSpan LateAfter,
    bool LoadDemoData,
    int InviteValidDays)
{
    public static DeadlineSettings Default { get; } = new(400, new TimeOnly(8, 0), TimeSpan.FromHours(36), TimeSpan.FromHours(2), false, 14);

    /// <param name="configuration">The configuration to read.</param>
    /// <param name="embedded">Whether this is the embedded default (SQLite): demo data loads unless switched off.</param>
    public static DeadlineSettings Read(IConfiguration configuration, bool embedded)
    {
        var timeText = SettingsReader.Text(configuration, "Deadlines:ReminderTime") ?? "08:00";
        if (!TimeOnly.TryParseExact(timeText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new ConfigurationException("Deadlines:ReminderTime", $"is '{timeText}'; expected a time of day as HH:mm, e.g. 08:00.");
        }

        return new DeadlineSettings(
            SettingsReader.WholeNumber(configuration, "Deadlines:PlanningHorizonDays", Default.PlanningHorizonDays, 30, 1000),
            time,
            TimeSpan.FromHours(SettingsReader.WholeNumber(configuration, "Deadlines:ReminderWindowHours", 36, 1, 240)),
            TimeSpan.FromMinutes(SettingsReader.WholeNumber(configuration, "Deadlines:LateAfterMinutes", 120, 5, 10_080)),
            SettingsReader.Flag(configuration, "Deadlines:LoadDemoData", embedded),
            SettingsReader.WholeNumber(configuration, "Deadlines:InviteValidDays", Default.InviteValidDays, 1, 365));
    }
}
