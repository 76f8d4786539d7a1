using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChildCare.Core.Directory.Danger;

/// <summary>The detector's data: DangerRules.json, embedded in Core.</summary>
internal sealed record DangerRules(
    string Source,
    IReadOnlyDictionary<string, string[]> Abbreviations,
    IReadOnlyDictionary<string, string[]> Concepts,
    IReadOnlyDictionary<string, string[]> Frames,
    IReadOnlyList<string> OtherSenses,
    IReadOnlyList<DangerSignalGroup> Signals,
    IReadOnlyList<DangerAid> FirstAid)
{
    public const string Resource = "ChildCare.Core.Directory.Danger.DangerRules.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static DangerRules Shipped()
    {
        using var stream = typeof(DangerRules).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The resource {Resource} is missing from ChildCare.Core.");
        return Read(stream);
    }

    public static DangerRules Read(Stream json) =>
        JsonSerializer.Deserialize<DangerRules>(json, Options) ?? throw new InvalidOperationException("The danger rules are empty.");
}
