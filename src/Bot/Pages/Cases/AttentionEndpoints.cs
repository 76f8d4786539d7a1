using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using ChildCare.Bot.Pages.Shared;

namespace ChildCare.Bot.Pages.Cases;

/// <summary>
/// <c>GET /attention</c>, administrators only: the cases no official was told of. "Needs routing": no unit was
/// found (province or commune unknown), with a form to route each to a unit; "Unattended": nobody in the unit or
/// above it can be reached by chat. Queue fields only (code, risk, place as typed, category, clock): an
/// administrator has no right to open a case, so nothing here is a read.
/// </summary>
internal static class AttentionEndpoints
{
    public const string Path = "/attention";

    public static RouteGroupBuilder MapAttentionPage(this RouteGroupBuilder administrators)
    {
        administrators.MapGet(Path, ShowAsync);
        administrators.MapPost(Path + "/{code}/route", RouteAsync);
        return administrators;
    }

    private static async Task<IResult> ShowAsync(
        string? m, string? c, DashboardUser user, HttpContext http, CaseDesk desk, TimeProvider time, IDbContextFactory<ChildCareDbContext> contexts,
        Core.Directory.HelpDirectoryProvider directory, CancellationToken cancellationToken)
    {
        var attention = await desk.AttentionAsync(cancellationToken);
        // The province the reporter named, by its name even where no unit of it was imported ("Hà Nội", not "ha-noi").
        var provinces = (await directory.CurrentAsync(cancellationToken)).Provinces
            .ToDictionary(p => p.Code, p => user.Language == Core.Localization.Language.En ? p.NameEn : p.NameVi, StringComparer.Ordinal);
        List<Unit> units;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        }

        return PageResults.Page<AttentionPage>(http, new { User = user, Attention = attention, Units = units, Message = m, Code = c, Now = time.GetUtcNow(), ProvinceNames = provinces });
    }

    private static async Task<IResult> RouteAsync(string code, IFormCollection form, DashboardUser user, HttpContext http, WebSettings web, CaseDesk desk, CancellationToken cancellationToken)
    {
        var wanted = code.Trim().ToUpperInvariant();
        var unit = FormValues.Typed(form["unit"]);
        var result = wanted.Length is 0 or > 20 || unit is not { Length: <= Unit.MaxCodeLength }
            ? new CaseResult(CaseOutcome.Refused, "BadInput")
            : await desk.RouteAsync(user.OfficialId, wanted, unit, cancellationToken);
        var flash = result.Outcome switch
        {
            CaseOutcome.Done => "DoneRoute",
            CaseOutcome.Refused => result.Rule ?? "BadInput",
            _ => "NotFound",
        };
        return PageResults.SeeOther(http, web.Link($"{Path}?{CaseEndpoints.FlashParameter}={Uri.EscapeDataString(flash)}&c={Uri.EscapeDataString(wanted)}", http.Request));
    }
}
