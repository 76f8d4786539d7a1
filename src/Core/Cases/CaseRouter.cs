using ChildCare.Core.Directory;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

/// <summary>
/// Which unit a new case goes to: the commune or ward the reporter named, matched without accents among the
/// units of their province ("xa cam tan" is Xã Cẩm Tân); the province when the commune is unknown or not
/// found; none when neither is known, for the administrators to route.
/// </summary>
public static class CaseRouter
{
    public static async Task<Unit?> FindUnitAsync(ChildCareDbContext db, string? provinceCode, string? commune, CancellationToken cancellationToken)
    {
        if (provinceCode is null)
        {
            return null;
        }

        var inProvince = await db.Units.AsNoTracking()
            .Where(u => u.Code == provinceCode || u.Code.StartsWith(provinceCode + "/"))
            .ToListAsync(cancellationToken);
        var province = inProvince.FirstOrDefault(u => u.Code == provinceCode);
        if (string.IsNullOrWhiteSpace(commune))
        {
            return province;
        }

        return MatchCommune(inProvince, commune) ?? province;
    }

    /// <summary>The one commune or ward of the province a typed name means, or null (none, or several).</summary>
    public static async Task<Unit?> FindCommuneAsync(ChildCareDbContext db, string provinceCode, string typed, CancellationToken cancellationToken)
    {
        var inProvince = await db.Units.AsNoTracking()
            .Where(u => u.Code.StartsWith(provinceCode + "/"))
            .ToListAsync(cancellationToken);
        return MatchCommune(inProvince, typed);
    }

    /// <summary>The Vietnamese names of the communes, wards and towns of a province, for the help desk to match against.</summary>
    public static async Task<IReadOnlyList<string>> CommuneNamesAsync(ChildCareDbContext db, string provinceCode, CancellationToken cancellationToken) =>
        await db.Units.AsNoTracking()
            .Where(u => u.Code.StartsWith(provinceCode + "/") && (u.Kind == UnitKind.Commune || u.Kind == UnitKind.Ward || u.Kind == UnitKind.Town))
            .OrderBy(u => u.Code)
            .Select(u => u.NameVi)
            .Take(2000)
            .ToListAsync(cancellationToken);

    private static Unit? MatchCommune(List<Unit> inProvince, string commune)
    {
        var wanted = TextMatching.UnitName(commune);
        var matches = inProvince
            .Where(u => u.Kind is UnitKind.Commune or UnitKind.Ward or UnitKind.Town)
            .Where(u => TextMatching.UnitName(u.NameVi) == wanted || TextMatching.UnitName(u.NameEn) == wanted || u.Code.EndsWith("/" + wanted.Replace(' ', '-'), StringComparison.Ordinal))
            .ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}
