using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChildCare.Core.Plans;

/// <summary>
/// A plan's units and rules as a JSON file, the import format (see <c>Deadlines/DemoData</c> for examples).
/// A rule listing several units becomes one rule per unit, coded <c>{rule code}@{unit code}</c>.
/// </summary>
public sealed record PlanFile(PlanFile.PlanInfo? Plan, IReadOnlyList<PlanFile.UnitEntry>? Units, IReadOnlyList<PlanFile.RuleEntry>? Rules)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <exception cref="JsonException">Not a plan file; the message says where.</exception>
    public static PlanFile Parse(string json) =>
        JsonSerializer.Deserialize<PlanFile>(json, Json) ?? throw new JsonException("The file is empty.");

    public sealed record PlanInfo(string Code, string TitleVi, string? TitleEn, string? Reference, int? Year);

    /// <summary>A unit; <c>EmergencyHours</c> is its own limit for emergency intervention (some wards use 8), null for the law's 12.</summary>
    public sealed record UnitEntry(string Code, string NameVi, string? NameEn, string Kind, string? Parent, int? EmergencyHours = null);

    public sealed record RuleEntry(
        string Code,
        IReadOnlyList<string> Units,
        string Role,
        string Kind,
        string TitleVi,
        string? TitleEn,
        string Recurrence,
        IReadOnlyList<int>? LeadDays,
        DateOnly? From,
        DateOnly? Until,
        IReadOnlyList<ThemeEntry>? Themes,
        string? Source);

    public sealed record ThemeEntry(int Year, string Vi, string? En);
}
