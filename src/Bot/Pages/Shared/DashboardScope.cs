using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>
/// The units whose deadlines, reminders and compliance a dashboard user sees: an administrator every unit; an
/// official the units they follow, and a supervisor every unit below those too (the same reach as for cases).
/// Units are few (a province has hundreds), so the tree is walked in memory by code.
/// </summary>
public sealed record DashboardScope(IReadOnlyList<Unit> Units)
{
    public static async Task<DashboardScope> ForAsync(ChildCareDbContext db, DashboardUser user, CancellationToken cancellationToken)
    {
        var all = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        if (user.IsAdministrator)
        {
            return new DashboardScope(all);
        }

        var grants = await db.Subscriptions.AsNoTracking().Where(s => s.OfficialId == user.OfficialId)
            .Select(s => new { s.Unit!.Code, s.Role }).ToListAsync(cancellationToken);
        return new DashboardScope([.. all.Where(u => grants.Any(g => g.Role == OfficialRole.Supervisor ? Unit.IsWithin(u.Code, g.Code) : u.Code == g.Code))]);
    }

    public bool IsEmpty => Units.Count == 0;

    public HashSet<long> Ids => [.. Units.Select(u => u.Id)];

    /// <summary>The part of the scope at and below <paramref name="unitCode"/>; the whole scope for a code outside it.</summary>
    public DashboardScope Within(string? unitCode) =>
        unitCode is null || Units.All(u => u.Code != unitCode) ? this : new DashboardScope([.. Units.Where(u => Unit.IsWithin(u.Code, unitCode))]);

    public Unit? Find(long id) => Units.FirstOrDefault(u => u.Id == id);

    /// <summary>The units' names in <paramref name="language"/>, by code.</summary>
    public IReadOnlyDictionary<string, string> Names(Core.Localization.Language language) => Units.ToDictionary(u => u.Code, u => u.Name(language), StringComparer.Ordinal);
}
