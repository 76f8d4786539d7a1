using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using static ChildCare.Bot.Dashboard.PageParts;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// <c>GET /attention</c>, administrators only: the cases no official was told of. "Needs routing": no unit was
/// found (province or commune unknown), with a form to route each to a unit; "Unattended": nobody in the unit or
/// above it can be reached by chat. Queue fields only (code, risk, place as typed, category, clock): an
/// administrator has no right to open a case, so nothing here is a read.
/// </summary>
internal static class AttentionPage
{
    public const string Path = "/attention";

    public static IEndpointRouteBuilder MapAttentionPage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ShowAsync).ExcludeFromDescription();
        app.MapPost(Path + "/{code}/route", RouteAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(
        string? m, HttpContext http, WebSettings web, CaseDesk desk, TimeProvider time, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var attention = await desk.AttentionAsync(cancellationToken);
        List<Unit> units;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        }

        var main = Body(http, user, attention, units, m, time.GetUtcNow());
        return DashboardLayout.Page(http, user, user.Language, DashboardTexts.Get("AttentionTitle", user.Language), "", main, section: "attention");
    }

    private static async Task<IResult> RouteAsync(string code, IFormCollection form, HttpContext http, WebSettings web, CaseDesk desk, CancellationToken cancellationToken)
    {
        var (user, refusal) = await DashboardEndpoints.UserAsync(http, web, administrators: true, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var wanted = code.Trim().ToUpperInvariant();
        var unit = DashboardEndpoints.Typed(form["unit"]);
        var result = wanted.Length is 0 or > 20 || unit is not { Length: <= Unit.MaxCodeLength }
            ? new CaseResult(CaseOutcome.Refused, "BadInput")
            : await desk.RouteAsync(user.OfficialId, wanted, unit, cancellationToken);
        var flash = result.Outcome switch
        {
            CaseOutcome.Done => "DoneRoute",
            CaseOutcome.Refused => result.Rule ?? "BadInput",
            _ => "NotFound",
        };
        return DashboardEndpoints.SeeOther(http, web.Link($"{Path}?{DashboardEndpoints.FlashParameter}={Uri.EscapeDataString(flash)}&c={Uri.EscapeDataString(wanted)}"));
    }

    internal static HtmlBuilder Body(HttpContext http, DashboardUser user, CaseAttention attention, IReadOnlyList<Unit> units, string? flash, DateTimeOffset now)
    {
        var language = user.Language;
        string T(string name) => DashboardTexts.Get(name, language);
        var html = new HtmlBuilder();
        Heading(html, T("AttentionTitle"), T("AttentionIntro"));
        var code = http.Request.Query["c"].ToString();
        Flash(html, flash switch
        {
            "DoneRoute" => DashboardTexts.Format("AttentionRouted", language, code),
            "NotFound" => DashboardTexts.Get("NotFoundTitle", language),
            "BadInput" => T("BadInput"),
            { } rule when rule.StartsWith("Rule", StringComparison.Ordinal) => DashboardTexts.Format("AttentionRefused", language, code, CaseRule(rule, language)),
            _ => null,
        }, flash == "DoneRoute");

        html.Raw("<section class=\"card\"><h2>").Text(T("AttentionNeedsRouting")).Raw("</h2>");
        if (attention.NeedsRouting.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Text(T("AttentionNoneToRoute")).Raw("</p>");
        }
        else
        {
            TableHead(html, "queue", language, "ColCode", "FieldReceived", "ColRisk", "ColProvince", "ColCategory", "ColTimeLeft", "AttentionRouteTo");
            foreach (var item in attention.NeedsRouting)
            {
                Row(html, item, language, now, unit: false);
                Cell(html, T("AttentionRouteTo"));
                PostForm(html, http, "attention/" + Uri.EscapeDataString(item.Code) + "/route", "action route").Raw("<label class=\"sr\">").Text(T("AttentionRouteTo"))
                    .Raw("<select name=\"unit\" required><option value=\"\" selected disabled>").Text(T("AttentionChooseUnit")).Raw("</option>");
                // The units of the province the reporter named; else the provinces (some 3,300 communes per row would
                // swamp the page), whose officials can refer it on to a commune.
                var offered = item.ProvinceCode is { } province && units.Any(u => u.Code == province)
                    ? units.Where(u => Unit.IsWithin(u.Code, province))
                    : units.Where(u => u.ParentId is null);
                foreach (var unit in offered)
                {
                    Option(html, unit.Code, new string('\u00a0', 2 * Depth(unit.Code)) + unit.Name(language), selected: false);
                }

                html.Raw("</select></label><button type=\"submit\">").Text(T("AttentionRouteButton")).Raw("</button></form></td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("</section><section class=\"card\"><h2>").Text(T("AttentionUnattended")).Raw("</h2>");
        if (attention.Unattended.Count == 0)
        {
            html.Raw("<p class=\"muted\">").Text(T("AttentionNoneUnattended")).Raw("</p>");
        }
        else
        {
            html.Raw("<p class=\"muted\">").Text(T("AttentionUnattendedHint")).Raw("</p>");
            TableHead(html, "queue", language, "ColCode", "FieldReceived", "ColRisk", "ColUnit", "ColCategory", "ColTimeLeft", "AttentionInvite");
            foreach (var item in attention.Unattended)
            {
                Row(html, item, language, now, unit: true);
                Cell(html, T("AttentionInvite")).Raw("<a href=\"units?unit=").Attr(Uri.EscapeDataString(item.UnitCode ?? "")).Raw("\">").Text(T("AttentionInviteLink")).Raw("</a></td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        return html.Raw("</section>");
    }

    private static void Row(HtmlBuilder html, CaseSummary item, Language language, DateTimeOffset now, bool unit)
    {
        string T(string name) => DashboardTexts.Get(name, language);
        html.Raw(item.Overdue ? "<tr class=\"overdue\">" : "<tr>").Raw("<td class=\"code\">").Text(item.Code).Raw("</td>");
        Cell(html, T("FieldReceived")).Text(CaseNotifier.Local(item.ReceivedAt)).Raw("</td>");
        Cell(html, T("ColRisk")).Raw(DashboardPages.RiskBadge(item.Risk, item.DangerNow, language)).Raw("</td>");
        if (unit)
        {
            Cell(html, T("ColUnit")).Text(item.UnitName ?? "—").Raw("</td>");
        }
        else
        {
            Cell(html, T("ColProvince")).Text(item.ProvinceCode ?? CaseTexts.Get("Unknown", language)).Raw("</td>");
        }

        Cell(html, T("ColCategory")).Text(ConversationTexts.Get("Category" + item.Category, language)).Raw("</td>");
        Cell(html, T("ColTimeLeft")).Raw(DashboardPages.TimeLeft(item.NextClock, item.DueAt, now, language)).Raw("</td>");
    }

    private static string CaseRule(string rule, Language language)
    {
        try
        {
            return CaseTexts.Get(rule, language);
        }
        catch (InvalidOperationException)
        {
            return DashboardTexts.Get("BadInput", language);
        }
    }
}
