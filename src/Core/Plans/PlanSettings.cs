using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Plans;

/// <summary>Settings of plan import (section <c>Plans</c>).</summary>
/// <param name="ExtractionTimeLimit">How long reading one plan may take before it is given up (a plan takes milliseconds).</param>
/// <param name="ExtractionsPerMinute">How many plans one official (or chat) may have read per minute.</param>
/// <param name="MaxAcceptItems">How many items one accept may turn into rules.</param>
public sealed record PlanSettings(TimeSpan ExtractionTimeLimit, int ExtractionsPerMinute, int MaxAcceptItems)
{
    public static PlanSettings Default { get; } = new(TimeSpan.FromSeconds(10), 6, 200);

    public static PlanSettings Read(IConfiguration configuration) => new(
        TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, "Plans:ExtractionSeconds", (int)Default.ExtractionTimeLimit.TotalSeconds, 1, 120)),
        SettingsReader.WholeNumber(configuration, "Plans:ExtractionsPerMinute", Default.ExtractionsPerMinute, 1, 1000),
        SettingsReader.WholeNumber(configuration, "Plans:MaxAcceptItems", Default.MaxAcceptItems, 1, 2000));
}
