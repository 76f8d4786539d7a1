using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// The official behind a dashboard request (the <c>cc_session</c> cookie): their name and language for the
/// page, and the rights their units give (<see cref="Viewer"/> is null when they follow no unit).
/// <see cref="IsAdministrator"/>: may change units and people, the directory and the scheduler; it adds no right
/// to cases.
/// </summary>
internal sealed record DashboardUser(long OfficialId, string Name, Language Language, CaseViewer? Viewer, bool IsAdministrator = false)
{
    public static async Task<DashboardUser?> ResolveAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        if (await services.GetRequiredService<OfficialSignIn>().OfficialForSessionAsync(SessionCookie.Read(http.Request), cancellationToken) is not { } id)
        {
            return null;
        }

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
