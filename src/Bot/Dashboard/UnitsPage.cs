using System.Globalization;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Bot.Telegram;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /units?unit=</c>, administrators only: the unit tree with how many officials follow each unit; a unit's
/// members, their roles, when they joined and last signed in; ending a membership; naming administrators; and
/// invites (a code the person sends to the bot, or a Telegram link that sends it for them), shown once.
/// </summary>
internal static class UnitsPage
{
    public const string Path = "/units";

    internal sealed record Member(long SubscriptionId, long OfficialId, string? Name, OfficialRole Role, DateTimeOffset Since, DateTimeOffset? LastSignedIn, bool Administrator);

    internal sealed record Administrator(long OfficialId, string? Name, string Channel, DateTimeOffset? LastSignedIn);

    public static IEndpointRouteBuilder MapUnitsPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (string? unit, string? m, HttpContext http, WebSettings web, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken) =>
            ShowAsync(http, web, contexts, unit, m, invite: null, cancellationToken)).ExcludeFromDescription();
        // The invite is posted to the page's own address: its answer is the page itself, with the code (not a
        // redirect: the code exists in this answer only), and the page's relative links must still work.
        app.MapPost(Path, InviteAsync).ExcludeFromDescription();
        app.MapPost(Path + "/end", EndAsync).ExcludeFromDescription();
        app.MapPost(Path + "/administrator", AdministratorAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        HttpContext http, WebSettings web, IDbContextFactory<ChildCareDbContext> contexts, string? unit, string? flash, IssuedInvite? invite, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        var counts = await db.Subscriptions.AsNoTracking().GroupBy(s => s.UnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var selected = units.FirstOrDefault(u => u.Code == unit);
        var members = selected is null ? [] : await db.Subscriptions.AsNoTracking().Where(s => s.UnitId == selected.Id)
            .OrderBy(s => s.Role).ThenBy(s => s.Since)
            .Select(s => new Member(s.Id, s.OfficialId, s.Official!.DisplayName, s.Role, s.Since, s.Official.LastSignedInAt, s.Official.IsAdministrator))
            .ToListAsync(cancellationToken);
        var administrators = await db.Officials.AsNoTracking().Where(o => o.IsAdministrator).OrderBy(o => o.Id)
            .Select(o => new Administrator(o.Id, o.DisplayName, o.Channel, o.LastSignedInAt)).ToListAsync(cancellationToken);

        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var html = Heading(new HtmlBuilder(), T("UnitsTitle"), DashboardTexts.Format("UnitsCount", language, units.Count, counts.Values.Sum()));
        Flash(html, flash is null ? null : DashboardTexts.TryGet("Units" + flash, language), ok: flash is not ("Refused" or "Unknown"));
        html.Raw("<div class=\"columns units\"><nav class=\"card tree\" aria-label=\"").Attr(T("UnitsTree")).Raw("\"><h2>").Text(T("UnitsTree")).Raw("</h2><ul>");
        foreach (var u in units)
        {
            html.Raw("<li class=\"").Attr(DepthClass(u.Code)).Raw("\"><a href=\"units?unit=").Attr(Uri.EscapeDataString(u.Code)).Raw(u.Id == selected?.Id ? "\" aria-current=\"true\">" : "\">")
                .Text(u.Name(language)).Raw("</a> <span class=\"count\">").Text(counts.GetValueOrDefault(u.Id).ToString(CultureInfo.InvariantCulture)).Raw("</span></li>");
        }

        html.Raw("</ul></nav><div class=\"main-column\">");
        if (invite is not null)
        {
            Invited(html, http, invite, language);
        }

        if (selected is null)
        {
            html.Raw("<section class=\"card empty\"><p>").Text(T("UnitsPick")).Raw("</p></section>");
        }
        else
        {
            UnitCard(html, http, user, selected, members, language);
        }

        Administrators(html, http, user, administrators, language);
        html.Raw("</div></div>");
        return DashboardLayout.Page(http, user, language, T("UnitsTitle"), "", html, section: "units");
    }

    private static void UnitCard(HtmlBuilder html, HttpContext http, DashboardUser user, Unit unit, List<Member> members, Language language)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        html.Raw("<section class=\"card\"><h2>").Text(unit.Name(language)).Raw("</h2><dl class=\"facts\">");
        Fact(html, T("UnitCode"), unit.Code);
        Fact(html, T("UnitKind"), unit.Kind.ToString());
        Fact(html, T("UnitEmergencyHours"), (unit.EmergencyHours ?? 12).ToString(CultureInfo.InvariantCulture));
        html.Raw("</dl><h3>").Text(T("UnitsMembers")).Raw("</h3>");
        if (members.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Text(T("UnitsNoMembers")).Raw("</p>");
        }
        else
        {
            TableHead(html, "list", language, "ColOfficial", "ColRole", "ColSince", "ColLastSignIn", "ColAction");
            foreach (var member in members)
            {
                html.Raw("<tr>");
                Cell(html, T("ColOfficial")).Text(member.Name ?? DashboardTexts.Format("ActorOfficial", language, member.OfficialId));
                if (member.Administrator)
                {
                    html.Raw(" <span class=\"pill normal\">").Text(T("Administrator")).Raw("</span>");
                }

                html.Raw("</td>");
                Cell(html, T("ColRole")).Text(T("Role" + member.Role)).Raw("</td>");
                Cell(html, T("ColSince")).Text(Core.Cases.CaseNotifier.Local(member.Since)).Raw("</td>");
                Cell(html, T("ColLastSignIn")).Text(member.LastSignedIn is { } at ? Core.Cases.CaseNotifier.Local(at) : "—").Raw("</td>");
                Cell(html, T("ColAction"));
                PostForm(html, http, "units/end", "inline");
                Hidden(html, "id", member.SubscriptionId.ToString(CultureInfo.InvariantCulture));
                Hidden(html, "unit", unit.Code);
                html.Raw("<button type=\"submit\" class=\"secondary\">").Text(T("UnitsEnd")).Raw("</button></form>");
                // A one-time sign-in link for this person, to hand over in person or by phone (Pages/Accounts).
                PostForm(html, http, "accounts/sign-in-link", "inline");
                Hidden(html, "id", member.OfficialId.ToString(CultureInfo.InvariantCulture));
                html.Raw("<button type=\"submit\" class=\"secondary\">").Text(AccountTexts.Get("LinkButton", language)).Raw("</button></form>");
                if (!member.Administrator)
                {
                    PostForm(html, http, "units/administrator", "inline");
                    Hidden(html, "id", member.OfficialId.ToString(CultureInfo.InvariantCulture));
                    Hidden(html, "unit", unit.Code);
                    Hidden(html, "value", "true");
                    html.Raw("<button type=\"submit\" class=\"secondary\">").Text(T("UnitsMakeAdmin")).Raw("</button></form>");
                }

                html.Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("<h3>").Text(T("UnitsInvite")).Raw("</h3><p class=\"muted\">").Text(T("UnitsInviteHelp")).Raw("</p>");
        PostForm(html, http, "units", "action invite");
        Hidden(html, "unit", unit.Code);
        html.Raw("<label>").Text(T("ColRole")).Raw("<select name=\"role\">");
        foreach (var role in Enum.GetValues<OfficialRole>())
        {
            Option(html, role.ToString(), T("Role" + role), role == OfficialRole.ChildProtection);
        }

        html.Raw("</select></label><label>").Text(T("InviteUses")).Raw("<input name=\"uses\" type=\"number\" min=\"1\" max=\"100\" value=\"1\" required></label>")
            .Raw("<label>").Text(T("InviteDays")).Raw("<input name=\"days\" type=\"number\" min=\"1\" max=\"60\" value=\"7\" required></label>")
            .Raw("<button type=\"submit\" class=\"primary\">").Text(T("InviteButton")).Raw("</button></form></section>");
    }

    private static void Invited(HtmlBuilder html, HttpContext http, IssuedInvite invite, Language language)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        var link = http.RequestServices.GetRequiredService<TelegramBotIdentity>().DeepLink("join-" + invite.Code);
        html.Raw("<section class=\"card invite-made\" role=\"status\"><h2>").Text(T("InviteMade")).Raw("</h2><p class=\"muted\">")
            .Text(DashboardTexts.Format("InviteMadeHelp", language, T("Role" + invite.Role), Core.Cases.CaseNotifier.Local(invite.ExpiresAt), invite.MaxUses)).Raw("</p>")
            .Raw("<p class=\"code-big\"><code>/join ").Text(invite.Code).Raw("</code></p>");
        if (link is not null)
        {
            html.Raw("<p><a href=\"").Attr(link.AbsoluteUri).Raw("\" rel=\"noreferrer\">").Text(link.AbsoluteUri).Raw("</a></p>");
        }

        // The same invite opens in a browser, for officials without Telegram (Pages/Accounts/JoinPage).
        var web = http.RequestServices.GetRequiredService<WebSettings>().Link("join/" + invite.Code).AbsoluteUri;
        html.Raw("<p>").Text(AccountTexts.Get("JoinWebLink", language)).Raw(" <a href=\"").Attr(web).Raw("\" rel=\"noreferrer\">").Text(web).Raw("</a></p>");
        html.Raw("<p class=\"muted\">").Text(T("InviteOnce")).Raw("</p></section>");
    }

    private static void Administrators(HtmlBuilder html, HttpContext http, DashboardUser user, List<Administrator> administrators, Language language)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        html.Raw("<section class=\"card\"><h2>").Text(T("UnitsAdministrators")).Raw("</h2><p class=\"muted\">").Text(T("UnitsAdministratorsHelp")).Raw("</p><ul class=\"people\">");
        foreach (var administrator in administrators)
        {
            var name = administrator.Name ?? (administrator.Channel == OfficialSignIn.WebChannel ? T("Administrator") : DashboardTexts.Format("ActorOfficial", language, administrator.OfficialId));
            html.Raw("<li><span>").Text(administrator.OfficialId == user.OfficialId ? DashboardTexts.Format("ActorYou", language, name) : name)
                .Raw("</span> <span class=\"muted\">").Text(administrator.LastSignedIn is { } at ? DashboardTexts.Format("LastSignIn", language, Core.Cases.CaseNotifier.Local(at)) : T("NeverSignedIn")).Raw("</span>");
            if (administrator.OfficialId != user.OfficialId)
            {
                PostForm(html, http, "units/administrator", "inline");
                Hidden(html, "id", administrator.OfficialId.ToString(CultureInfo.InvariantCulture));
                Hidden(html, "value", "false");
                html.Raw("<button type=\"submit\" class=\"secondary\">").Text(T("UnitsRemoveAdmin")).Raw("</button></form>");
            }

            html.Raw("</li>");
        }

        html.Raw("</ul></section>");
    }

    private static async Task<IResult> InviteAsync(IFormCollection form, HttpContext http, WebSettings web, DeadlineAdmin admin, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        string? unit = form["unit"];
        var role = DashboardEndpoints.ReadEnum<OfficialRole>(form["role"]);
        if (unit is null || role is null || !int.TryParse(form["uses"], NumberStyles.None, CultureInfo.InvariantCulture, out var uses) || uses is < 1 or > 100
            || !int.TryParse(form["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 60)
        {
            return Back(http, web, unit, "Refused");
        }

        // The code is shown in this answer only (its hash is what is stored), so no redirect.
        var invite = await admin.IssueInviteAsync(unit, role.Value, days, uses, cancellationToken);
        return invite is null ? Back(http, web, unit, "Unknown") : await ShowAsync(http, web, contexts, unit, null, invite, cancellationToken);
    }

    private static async Task<IResult> EndAsync(IFormCollection form, HttpContext http, WebSettings web, DeadlineAdmin admin, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var done = long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await admin.EndMembershipAsync(id, user.OfficialId, cancellationToken);
        return Back(http, web, form["unit"], done ? "Ended" : "Unknown");
    }

    private static async Task<IResult> AdministratorAsync(IFormCollection form, HttpContext http, WebSettings web, DeadlineAdmin admin, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var value = form["value"] == "true";
        var done = long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && await admin.SetAdministratorAsync(id, value, user.OfficialId, cancellationToken);
        return Back(http, web, form["unit"], done ? (value ? "AdminAdded" : "AdminRemoved") : "Refused");
    }

    private static IResult Back(HttpContext http, WebSettings web, string? unit, string flash) =>
        DashboardEndpoints.SeeOther(http, web.Link(Path + "?" + (string.IsNullOrEmpty(unit) ? "" : "unit=" + Uri.EscapeDataString(unit) + "&") + "m=" + flash));

    private static void Hidden(HtmlBuilder html, string name, string value) =>
        html.Raw("<input type=\"hidden\" name=\"").Attr(name).Raw("\" value=\"").Attr(value).Raw("\">");
}
