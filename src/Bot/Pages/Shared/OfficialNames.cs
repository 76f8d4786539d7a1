using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>The names officials gave, for the people a page mentions (those who gave none are "Cán bộ #12").</summary>
internal static class OfficialNames
{
    public static Task<Dictionary<long, string>> ForActorsAsync(IDbContextFactory<ChildCareDbContext> contexts, IEnumerable<string?> actors, CancellationToken cancellationToken) =>
        ForAsync(contexts, actors.Select(PageText.OfficialId), cancellationToken);

    public static async Task<Dictionary<long, string>> ForAsync(IDbContextFactory<ChildCareDbContext> contexts, IEnumerable<long?> officials, CancellationToken cancellationToken)
    {
        var ids = officials.OfType<long>().Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.Officials.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.DisplayName }).ToListAsync(cancellationToken);
        return known.Where(o => !string.IsNullOrWhiteSpace(o.DisplayName)).ToDictionary(o => o.Id, o => o.DisplayName!);
    }
}
