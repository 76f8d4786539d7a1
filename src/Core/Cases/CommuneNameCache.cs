using System.Collections.Concurrent;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

/// <summary>
/// The names of each province's communes, wards and towns (<see cref="CaseRouter.CommuneNamesAsync"/>) for the help
/// desk to match a typed commune against, read once per province and kept at most <see cref="MaxAge"/>: every turn of
/// a report after its province needed them, and a province has up to hundreds. There is no signal between nodes: a
/// unit imported, renamed or removed reaches each node's help desk within <see cref="MaxAge"/>, and
/// <see cref="Forget"/> drops this node's copies at once. Only the names offered to a reporter are cached; where a
/// case is routed is still read at filing.
/// </summary>
public sealed class CommuneNameCache(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time)
{
    /// <summary>How stale a province's names may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    // Province codes come from the directory (a few dozen); the bound only keeps a bug from growing it for ever.
    private const int MaxProvinces = 200;

    private readonly ConcurrentDictionary<string, Entry> _provinces = new(StringComparer.Ordinal);

    /// <summary>The province's commune, ward and town names, as of at most <see cref="MaxAge"/> ago.</summary>
    public async ValueTask<IReadOnlyList<string>> GetAsync(string provinceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provinceCode);
        var now = time.GetUtcNow();
        if (_provinces.TryGetValue(provinceCode, out var cached) && now - cached.ReadAt < MaxAge)
        {
            return cached.Names;
        }

        // Several turns may read at once when a copy runs out: a few queries a minute at most, and no lock to wait on.
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await CaseRouter.CommuneNamesAsync(db, provinceCode, cancellationToken);
        if (_provinces.Count >= MaxProvinces)
        {
            _provinces.Clear();
        }

        _provinces[provinceCode] = new Entry(names, now);
        return names;
    }

    /// <summary>Drops every copy on this node: the next turn reads the units again.</summary>
    public void Forget() => _provinces.Clear();

    private sealed record Entry(IReadOnlyList<string> Names, DateTimeOffset ReadAt);
}
