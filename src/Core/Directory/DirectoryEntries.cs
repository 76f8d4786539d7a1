using System.Globalization;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Directory;

/// <summary>
/// A hotline as the directory holds it now: shipped (no <see cref="Record"/>), a shipped line an administrator
/// edited (<see cref="ShippedNumber"/> and a record), or one added here (a record only).
/// </summary>
public sealed record HotlineEntry(string? ShippedNumber, Hotline Line, bool Active, HotlineRecord? Record)
{
    private const string ShippedPrefix = "s";

    /// <summary>How pages and the edit record name the entry: "s18001744" for a shipped line, "42" for an added one.</summary>
    public string Key => ShippedNumber is null ? Record!.Id.ToString(CultureInfo.InvariantCulture) : ShippedPrefix + ShippedNumber;

    public bool IsShipped => ShippedNumber is not null;

    /// <summary>111, 113, 115: the number stays and the line stays on (<see cref="DirectoryRules.FixedNumbers"/>).</summary>
    public bool IsFixed => ShippedNumber is not null && DirectoryRules.FixedNumbers.Contains(ShippedNumber);
}

/// <summary>A trusted place: shipped in Places.json (no <see cref="Record"/>, not editable) or added here.</summary>
public sealed record PlaceEntry(TrustedPlace Place, PlaceRecord? Record);

/// <summary>Everything the directory page shows: the entries, the edited guide texts, the latest edits.</summary>
public sealed record DirectoryListing(
    IReadOnlyList<HotlineEntry> Hotlines,
    IReadOnlyList<PlaceEntry> Places,
    IReadOnlyList<GuidanceRecord> Guidance,
    IReadOnlyList<DirectoryEdit> Edits)
{
    public GuidanceRecord? GuidanceFor(GuidanceTopic topic, Language language) =>
        Guidance.FirstOrDefault(g => g.Topic == topic && g.Language == language);
}

/// <summary>The shipped directory with the stored rows laid over it, one way for the bot and the pages alike.</summary>
internal static class DirectoryEntries
{
    /// <summary>
    /// The shipped lines in their order, each replaced by its override; then overrides whose shipped line a
    /// later release dropped (the administrator's word still stands until restored); then added lines.
    /// </summary>
    public static IReadOnlyList<HotlineEntry> Hotlines(IReadOnlyList<Hotline> shipped, IReadOnlyList<HotlineRecord> records)
    {
        var overrides = records.Where(r => r.ShippedNumber is not null).ToDictionary(r => r.ShippedNumber!, StringComparer.Ordinal);
        var entries = shipped.Select(line => overrides.Remove(line.Number, out var record)
            ? new HotlineEntry(line.Number, record.ToHotline(), record.Active, record)
            : new HotlineEntry(line.Number, line, true, null)).ToList();
        entries.AddRange(overrides.Values.OrderBy(r => r.Id).Select(r => new HotlineEntry(r.ShippedNumber, r.ToHotline(), r.Active, r)));
        entries.AddRange(records.Where(r => r.ShippedNumber is null).OrderBy(r => r.Id).Select(r => new HotlineEntry(null, r.ToHotline(), r.Active, r)));
        return entries;
    }

    public static IReadOnlyList<PlaceEntry> Places(IReadOnlyList<TrustedPlace> shipped, IReadOnlyList<PlaceRecord> records) =>
        [.. shipped.Select(p => new PlaceEntry(p, null)), .. records.OrderBy(r => r.Id).Select(r => new PlaceEntry(r.ToPlace(), r))];

    /// <summary>The directory the bot answers from: <paramref name="shipped"/> itself when nothing was edited.</summary>
    public static HelpDirectory Apply(HelpDirectory shipped, IReadOnlyList<HotlineRecord> hotlines, IReadOnlyList<PlaceRecord> places, IReadOnlyList<GuidanceRecord> guidance)
    {
        if (hotlines.Count == 0 && places.Count == 0 && guidance.Count == 0)
        {
            return shipped;
        }

        return shipped.WithEdits(
            [.. Hotlines(shipped.Hotlines, hotlines).Where(e => e.Active).Select(e => e.Line)],
            [.. Places(shipped.Places, places).Select(e => e.Place)],
            guidance.ToDictionary(g => (g.Topic, g.Language), g => GuidanceMarkup.ToHtml(g.Text)));
    }
}
