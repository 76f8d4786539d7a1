using ChildCare.Core.Localization;

namespace ChildCare.Core.Directory;

/// <summary>
/// The provinces and hotlines the bot tells people about, and the lookups the help-contacts conversation
/// needs: which province someone typed, and which numbers to give them in which order. Immutable: an edit
/// makes a new one (<see cref="WithEdits"/>, which keeps the province indexes).
/// </summary>
public sealed class HelpDirectory
{
    public const string NationalChildLine = "111";
    public const string Police = "113";
    public const string Ambulance = "115";

    // A prefix shorter than this says too little ("ha", "qu") to pick a province by.
    private const int MinimumPrefixLength = 3;

    // Words people put around a province name that are not part of it: "tỉnh Thanh Hóa", "TP. HCM", "Hue city".
    private static readonly string[] LeadingGenericWords = ["tinh ", "thanh pho ", "tp ", "t p ", "thu do "];
    private static readonly string[] TrailingGenericWords = [" province", " city"];

    private readonly Dictionary<string, Province> _byCode;
    private readonly Dictionary<string, List<Province>> _byCompactKey;
    private readonly List<(string Phrase, Province Province)> _phrases;
    private readonly IReadOnlyDictionary<(GuidanceTopic, Language), string> _guidance;

    public HelpDirectory(IReadOnlyList<Province> provinces, IReadOnlyList<Hotline> hotlines, IReadOnlyList<TrustedPlace>? places = null)
    {
        ArgumentNullException.ThrowIfNull(provinces);
        ArgumentNullException.ThrowIfNull(hotlines);
        Provinces = provinces;
        Hotlines = hotlines;
        Places = places ?? [];
        _guidance = new Dictionary<(GuidanceTopic, Language), string>();
        _byCode = provinces.ToDictionary(p => p.Code, StringComparer.Ordinal);
        _byCompactKey = new(StringComparer.Ordinal);
        _phrases = [];
        foreach (var province in provinces)
        {
            foreach (var phrase in NamesOf(province).Select(n => StripGenericWords(TextMatching.Fold(n))).Where(n => n.Length > 0).Distinct())
            {
                _phrases.Add((phrase, province));
                var key = Compact(phrase);
                if (!_byCompactKey.TryGetValue(key, out var owners))
                {
                    _byCompactKey[key] = owners = [];
                }

                if (!owners.Contains(province))
                {
                    owners.Add(province);
                }
            }
        }
    }

    // The same provinces and their indexes (never changed after construction) with other lines and texts.
    private HelpDirectory(HelpDirectory provinces, IReadOnlyList<Hotline> hotlines, IReadOnlyList<TrustedPlace> places, IReadOnlyDictionary<(GuidanceTopic, Language), string> guidance)
    {
        Provinces = provinces.Provinces;
        _byCode = provinces._byCode;
        _byCompactKey = provinces._byCompactKey;
        _phrases = provinces._phrases;
        Hotlines = hotlines;
        Places = places;
        _guidance = guidance;
    }

    public IReadOnlyList<Province> Provinces { get; }

    public IReadOnlyList<Hotline> Hotlines { get; }

    public IReadOnlyList<TrustedPlace> Places { get; }

    /// <summary>The directory shipped with Core (Provinces.json, Hotlines.json, Places.json).</summary>
    public static HelpDirectory Shipped() => new(DirectoryData.LoadProvinces(), DirectoryData.LoadHotlines(), DirectoryData.LoadPlaces());

    /// <summary>
    /// This directory's provinces with other hotlines, places and guidance texts (Telegram HTML, by topic and
    /// language, replacing the shipped ones), without building the province indexes again.
    /// </summary>
    public HelpDirectory WithEdits(IReadOnlyList<Hotline> hotlines, IReadOnlyList<TrustedPlace> places, IReadOnlyDictionary<(GuidanceTopic, Language), string> guidance)
    {
        ArgumentNullException.ThrowIfNull(hotlines);
        ArgumentNullException.ThrowIfNull(places);
        ArgumentNullException.ThrowIfNull(guidance);
        return new HelpDirectory(this, hotlines, places, guidance);
    }

    /// <summary>An administrator's text of a guide (Telegram HTML), or null where the shipped one applies.</summary>
    public string? GuidanceText(GuidanceTopic topic, Language language) => _guidance.GetValueOrDefault((topic, language));

    /// <summary>The trusted addresses and shelters of a commune of a province, matched without accents.</summary>
    public IReadOnlyList<TrustedPlace> PlacesIn(string? provinceCode, string? commune)
    {
        if (provinceCode is null || string.IsNullOrWhiteSpace(commune))
        {
            return [];
        }

        var name = TextMatching.UnitName(commune);
        return [.. Places.Where(p => p.ProvinceCode == provinceCode && TextMatching.UnitName(p.Commune) == name)];
    }

    /// <summary>
    /// The provinces a typed text could mean when <see cref="FindProvince"/> cannot pick one ("quang": four of
    /// them), for buttons; empty when nothing starts that way.
    /// </summary>
    public IReadOnlyList<Province> CandidatesFor(string typed, int max = 6)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var compact = Compact(StripGenericWords(TextMatching.Fold(typed)));
        if (compact.Length < MinimumPrefixLength - 1)
        {
            return [];
        }

        return [.. _byCompactKey.Where(k => k.Key.StartsWith(compact, StringComparison.Ordinal)).SelectMany(k => k.Value).Distinct().Take(max)];
    }

    /// <summary>Every name a province answers to: current names, former provinces, aliases.</summary>
    public static IEnumerable<string> NamesOf(Province province)
    {
        ArgumentNullException.ThrowIfNull(province);
        return [province.NameVi, province.NameEn, .. province.FormerProvinces, .. province.Aliases];
    }

    public Province? ProvinceByCode(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// The province someone typed, with or without accents: a name, a former province, an alias, the unique
    /// start of one ("thanh" is Thanh Hóa, "quang" is four provinces and so none), or a sentence naming
    /// exactly one ("toi o quang ninh"). Null when nothing or more than one province fits.
    /// </summary>
    public Province? FindProvince(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var folded = TextMatching.Fold(typed);
        var stripped = StripGenericWords(folded);
        if (stripped.Length == 0)
        {
            return null;
        }

        var compact = Compact(stripped);
        if (_byCompactKey.TryGetValue(compact, out var exact))
        {
            return exact.Count == 1 ? exact[0] : null;
        }

        if (compact.Length >= MinimumPrefixLength)
        {
            var byPrefix = _byCompactKey.Where(k => k.Key.StartsWith(compact, StringComparison.Ordinal)).SelectMany(k => k.Value).Distinct().ToList();
            if (byPrefix.Count > 0)
            {
                return byPrefix.Count == 1 ? byPrefix[0] : null;
            }
        }

        var named = _phrases.Where(p => TextMatching.ContainsPhrase(folded, p.Phrase)).Select(p => p.Province).Distinct().ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>
    /// The one province a message names in full ("số tổng đài Hà Nội", "thanh hoa"), never by the start of a name:
    /// for text that was not an answer to "which province?", where "can" or "son" are words, not Cần Thơ or Sơn La.
    /// </summary>
    public Province? NamedProvince(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = TextMatching.Fold(text);
        var stripped = StripGenericWords(folded);
        if (stripped.Length == 0)
        {
            return null;
        }

        if (_byCompactKey.TryGetValue(Compact(stripped), out var exact))
        {
            return exact.Count == 1 ? exact[0] : null;
        }

        var named = _phrases.Where(p => TextMatching.ContainsPhrase(folded, p.Phrase)).Select(p => p.Province).Distinct().ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>
    /// The numbers to give someone, in order: 111 first, then the lines of their province (none when the
    /// province is not known), then police 113 and ambulance 115, then the other national lines (no province: the
    /// shipped ones and any an administrator adds) in the directory's order.
    /// </summary>
    public IReadOnlyList<Hotline> ContactsFor(Province? province)
    {
        var contacts = new List<Hotline>();
        contacts.AddRange(Hotlines.Where(h => h.Number == NationalChildLine));
        if (province is not null)
        {
            contacts.AddRange(Hotlines.Where(h => h.ProvinceCode == province.Code));
        }

        contacts.AddRange(Hotlines.Where(h => h.Number == Police));
        contacts.AddRange(Hotlines.Where(h => h.Number == Ambulance));
        contacts.AddRange(Hotlines.Where(h => h.ProvinceCode is null && h.Number is not (NationalChildLine or Police or Ambulance)));
        return contacts;
    }

    private static string StripGenericWords(string folded)
    {
        var text = folded;
        foreach (var word in LeadingGenericWords.Where(w => text.StartsWith(w, StringComparison.Ordinal)))
        {
            text = text[word.Length..];
        }

        foreach (var word in TrailingGenericWords.Where(w => text.EndsWith(w, StringComparison.Ordinal)))
        {
            text = text[..^word.Length];
        }

        return text;
    }

    private static string Compact(string folded) => folded.Replace(" ", "", StringComparison.Ordinal);
}
