using System.Globalization;
using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using ChildCare.Bot.Telegram;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Units;

/// <summary>
/// <c>GET /units?unit=</c>, administrators only: the unit tree with how many officials follow each unit; a unit's
/// members, their roles, when they joined and last signed in; ending a membership; naming administrators; and
/// invites (a code the person sends to the bot, or a Telegram link that sends it for them), shown once.
/// </summary>
internal static class UnitsEndpoints
{
    public const string Path = "/units";

    public static RouteGroupBuilder MapUnitsPage(this RouteGroupBuilder administrators)
    {
        administrators.MapGet(Path, (string? unit, string? m, DashboardUser user, HttpContext http, TelegramBotIdentity telegram, WebSettings web, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken) =>
            ShowAsync(http, user, telegram, web, contexts, unit, m, invite: null, cancellationToken));
        // The invite is posted to the page's own address: its answer is the page itself, with the code (not a
        // redirect: the code exists in this answer only), and the page's relative links must still work.
        administrators.MapPost(Path, InviteAsync);
        administrators.MapPost(Path + "/end", EndAsync);
        administrators.MapPost(Path + "/administrator", AdministratorAsync);
        return administrators;
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, DashboardUser user, TelegramBotIdentity telegram, WebSettings web, IDbContextFactory<ChildCareDbContext> contexts, string? unit, string? flash, IssuedInvite? invite, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        var counts = await db.Subscriptions.AsNoTracking().GroupBy(s => s.UnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var selected = units.FirstOrDefault(u => u.Code == unit);
        var members = selected is null ? [] : await db.Subscriptions.AsNoTracking().Where(s => s.UnitId == selected.Id)
            .OrderBy(s => s.Role).ThenBy(s => s.Since)
            .Select(s => new UnitMember(s.Id, s.OfficialId, s.Official!.DisplayName, s.Role, s.Since, s.Official.LastSignedInAt, s.Official.IsAdministrator))
            .ToListAsync(cancellationToken);
        var closedOnZalo = await Zalo.ZaloReachability.ClosedAsync(
            db, http.RequestServices.GetRequiredService<Zalo.ZaloSettings>(), http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(), members.Select(m => m.OfficialId), cancellationToken);
        var administrators = await db.Officials.AsNoTracking().Where(o => o.IsAdministrator).OrderBy(o => o.Id)
            .Select(o => new UnitAdministrator(o.Id, o.DisplayName, o.Channel, o.LastSignedInAt)).ToListAsync(cancellationToken);

        return PageResults.Page<UnitsPage>(http, new { User = user, Units = units, Counts = counts, Selected = selected, Members = members, ClosedOnZalo = closedOnZalo, Administrators = administrators, Message = flash, Invite = invite, InviteLink = invite is null ? null : telegram.DeepLink("join-" + invite.Code), WebJoinLink = invite is null ? null : web.Link("join/" + invite.Code, http.Request) });
    }

    private static async Task<IResult> InviteAsync(IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, TelegramBotIdentity telegram, OfficialAdmin admin, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        string? unit = form["unit"];
        var role = FormValues.ReadEnum<OfficialRole>(form["role"]);
        if (unit is null || role is null || !int.TryParse(form["uses"], NumberStyles.None, CultureInfo.InvariantCulture, out var uses) || uses is < 1 or > OfficialAdmin.MaxInviteUses
            || !int.TryParse(form["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > OfficialAdmin.MaxInviteDays)
        {
            return Back(http, web, unit, "Refused");
        }

        // The code is shown in this answer only (its hash is what is stored), so no redirect.
        var invite = await admin.IssueInviteAsync(unit, role.Value, days, uses, cancellationToken);
        return invite is null ? Back(http, web, unit, "Unknown") : await ShowAsync(http, user, telegram, web, contexts, unit, null, invite, cancellationToken);
    }

    private static async Task<IResult> EndAsync(IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, OfficialAdmin admin, CancellationToken cancellationToken)
    {
        var done = long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await admin.EndMembershipAsync(id, user.OfficialId, cancellationToken);
        return Back(http, web, form["unit"], done ? "Ended" : "Unknown");
    }

    private static async Task<IResult> AdministratorAsync(IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, OfficialAdmin admin, CancellationToken cancellationToken)
    {
        var value = form["value"] == "true";
        var done = long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await admin.SetAdministratorAsync(id, value, user.OfficialId, cancellationToken);
        return Back(http, web, form["unit"], done ? (value ? "AdminAdded" : "AdminRemoved") : "Refused");
    }

    private static IResult Back(HttpContext http, WebSettings web, string? unit, string flash) =>
        PageResults.SeeOther(http, web.Link(Path + "?" + (string.IsNullOrEmpty(unit) ? "" : "unit=" + Uri.EscapeDataString(unit) + "&") + "m=" + flash, http.Request));
}
