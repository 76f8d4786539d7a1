using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChildCare.Core.Directory;

/// <summary>Reads the provinces and hotlines shipped as embedded resources (Provinces.json, Hotlines.json).</summary>
internal static class DirectoryData
{
    public const string ProvincesResource = "ChildCare.Core.Directory.Provinces.json";
    public const string HotlinesResource = "ChildCare.Core.Directory.Hotlines.json";
    public const string PlacesResource = "ChildCare.Core.Directory.Places.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyList<Province> LoadProvinces() =>
        [.. Read<ProvinceFile>(ProvincesResource).Provinces.Select(p => p with
        {
            FormerProvinces = p.FormerProvinces ?? [],
            Aliases = p.Aliases ?? [],
        })];

    public static IReadOnlyList<Hotline> LoadHotlines() =>
        [.. Read<HotlineFile>(HotlinesResource).Hotlines.Select(h => h.ToHotline())];

    public static IReadOnlyList<TrustedPlace> LoadPlaces() => Read<PlaceFile>(PlacesResource).Places;

    private static T Read<T>(string resource)
    {
        using var stream = typeof(DirectoryData).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The resource {resource} is missing from ChildCare.Core.");
        return JsonSerializer.Deserialize<T>(stream, Options)
            ?? throw new InvalidOperationException($"The resource {resource} is empty.");
    }

    private sealed record ProvinceFile(string Source, IReadOnlyList<Province> Provinces);

    private sealed record PlaceFile(string Source, IReadOnlyList<TrustedPlace> Places);

    private sealed record HotlineFile(string Source, IReadOnlyList<HotlineEntry> Hotlines);

    // The JSON says "province" (what an administrator edits); the record says ProvinceCode (what it holds).
    private sealed record HotlineEntry(
        string Number,
        string NameVi,
        string NameEn,
        string? Province,
        string? Hours,
        CallCost Cost,
        DateOnly LastChecked,
        string PurposeVi,
        string PurposeEn,
        string Source)
    {
        public Hotline ToHotline() =>
            new(Number, NameVi, NameEn, Province, Hours, Cost, LastChecked, PurposeVi, PurposeEn, Source);
    }
}
