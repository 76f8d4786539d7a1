using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Cases;

/// <summary>
/// How cases are watched: when to warn before a clock runs out, how long a high-risk case may wait to be taken,
/// and how many new cases one unit may get in 10 minutes before their alerts become one digest
/// (<see cref="FloodNewCases"/>, and the administrators are warned).
/// </summary>
public sealed record CaseSettings(int TakeWithinMinutes, int EmergencyWarningMinutes, int PlanWarningHours, int FloodNewCases = 10)
{
    public const string FloodNewCasesKey = "Cases:FloodNewCases";
    public const string TakeWithinMinutesKey = "Cases:TakeWithinMinutes";
    public const string EmergencyWarningMinutesKey = "Cases:EmergencyWarningMinutes";
    public const string PlanWarningHoursKey = "Cases:PlanWarningHours";

    public static CaseSettings Default { get; } = new(30, 120, 24);

    /// <exception cref="ConfigurationException">A value is out of range.</exception>
    public static CaseSettings Read(IConfiguration configuration) => new(
        SettingsReader.WholeNumber(configuration, TakeWithinMinutesKey, Default.TakeWithinMinutes, 1, 1440),
        SettingsReader.WholeNumber(configuration, EmergencyWarningMinutesKey, Default.EmergencyWarningMinutes, 5, 600),
        SettingsReader.WholeNumber(configuration, PlanWarningHoursKey, Default.PlanWarningHours, 1, 96),
        SettingsReader.WholeNumber(configuration, FloodNewCasesKey, Default.FloodNewCases, 1, 10_000));
}
