using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Shared;

/// <summary>
/// The official behind a page (the session the <see cref="SessionAuthenticationHandler"/> accepted): their name and
/// language for the page, and the rights their units give (<see cref="Viewer"/> is null when they follow no unit).
/// <see cref="IsAdministrator"/>: may change units and people, the directory and the scheduler; it adds no right
/// to cases. A page handler takes it as a parameter (<see cref="BindAsync"/>); the policies have let only
/// signed-in officials through by then.
/// </summary>
public sealed record DashboardUser(long OfficialId, string Name, Language Language, CaseViewer? Viewer, bool IsAdministrator = false)
{
    private static readonly object Item = new();

    /// <summary>Minimal APIs bind a handler's <see cref="DashboardUser"/> parameter with this.</summary>
    public static async ValueTask<DashboardUser?> BindAsync(HttpContext http) => await ForRequestAsync(http);

    /// <summary>The official of this request, looked up once (the policies and the handler share it); null without a session.</summary>
    public static async Task<DashboardUser?> ForRequestAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(Item, out var known))
        {
            return known as DashboardUser;
        }

        var user = await ResolveAsync(http, http.RequestAborted);
        http.Items[Item] = user;
        return user;
    }

    private static async Task<DashboardUser?> ResolveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.User.FindFirst(SessionAuthenticationHandler.OfficialClaim)?.Value is not { } claim
            || !long.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var services = http.RequestServices;
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.AsNoTracking().Where(o => o.Id == id)
            .Select(o => new { o.DisplayName, o.Language, o.IsAdministrator }).SingleOrDefaultAsync(cancellationToken);
        if (official is null)
        {
            return null;
        }

        var viewer = await services.GetRequiredService<CaseDesk>().ViewerForOfficialAsync(id, cancellationToken);
        var name = !string.IsNullOrWhiteSpace(official.DisplayName) ? official.DisplayName
            : official.IsAdministrator ? DashboardTexts.Get("Administrator", official.Language)
            : DashboardTexts.Format("ActorOfficial", official.Language, id);
        return new DashboardUser(id, name, official.Language, viewer, official.IsAdministrator);
    }
}
