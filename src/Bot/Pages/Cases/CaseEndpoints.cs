using ChildCare.Bot.Pages.Shared;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Pages.Cases;

/// <summary>
/// The officials' case pages: <c>GET /cases</c> (the queue), <c>GET /cases/{code}</c> (one case, recorded as a
/// read) and the posts that work a case (take, risk, move, close, note, refer). The group asks for the
/// <see cref="PageAccess.CaseWorker"/> policy; which case is whose the desk decides, and a case that is not the
/// reader's is the same 404 as one that does not exist. Every post carries an antiforgery token.
/// </summary>
internal static class CaseEndpoints
{
    public const string QueuePath = "/cases";
    public const string FlashParameter = "m";

    /// <summary>The messages of a change that was made (as opposed to refused).</summary>
    internal static readonly HashSet<string> DoneKeys = ["Taken", "Moved", "DoneRisk", "DoneClose", "DoneNote", "DoneReopen", "DoneRefer", "DoneAccept", "DoneRefuseReferral"];

    // A form value that is not one of the choices the page offered.
    private static readonly CaseResult BadInput = new(CaseOutcome.Refused, "BadInput");

    public static RouteGroupBuilder MapCasePages(this RouteGroupBuilder pages)
    {
        var cases = pages.MapGroup(QueuePath).RequireAuthorization(PageAccess.CaseWorker);
        cases.MapGet("", QueueAsync);
        cases.MapGet("/{code}", CaseAsync);
        cases.MapGet("/{code}/photos/{number:int}", PhotoAsync);
        cases.MapPost("/{code}/take", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, "Taken", (viewer, c) => desk.TakeAsync(viewer, c, cancellationToken)));
        cases.MapPost("/{code}/risk", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, "DoneRisk", (viewer, c) => FormValues.ReadEnum<RiskLevel>(form["risk"]) is { } level
                ? desk.SetRiskAsync(viewer, c, level, FormValues.Typed(form["reason"]), cancellationToken)
                : Task.FromResult(BadInput)));
        cases.MapPost("/{code}/move", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, "Moved", (viewer, c) => FormValues.ReadEnum<CaseStage>(form["stage"]) is { } stage
                ? desk.MoveAsync(viewer, c, stage, cancellationToken)
                : Task.FromResult(BadInput)));
        cases.MapPost("/{code}/close", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, "DoneClose", (viewer, c) => desk.CloseAsync(viewer, c, FormValues.Typed(form["reason"]), cancellationToken)));
        cases.MapPost("/{code}/reopen", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, "DoneReopen", (viewer, c) => desk.ReopenAsync(viewer, c, FormValues.Typed(form["reason"]), cancellationToken)));
        cases.MapPost("/{code}/refer", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, "DoneRefer", (viewer, c) => FormValues.Typed(form["unit"]) is { Length: <= 100 } unit
                ? desk.ReferByNameAsync(viewer, c, unit, FormValues.Typed(form["reason"]), cancellationToken)
                : Task.FromResult(BadInput)));
        cases.MapPost("/{code}/referral", (string code, IFormCollection form, DashboardUser user, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, user, web, code, form["answer"] == "accept" ? "DoneAccept" : "DoneRefuseReferral", (viewer, c) => form["answer"].ToString() is "accept" or "refuse"
                ? desk.AnswerReferralAsync(viewer, c, form["answer"] == "accept", FormValues.Typed(form["reason"]), cancellationToken)
                : Task.FromResult(BadInput)));
        return pages;
    }

    private static async Task<IResult> QueueAsync(
        string? stage, string? risk, string? overdue, DashboardUser user, HttpContext http, CaseDesk desk, TimeProvider time,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        // A value that is not one of the choices is no filter: the form only offers valid ones.
        var filter = new CaseFilter(null, FormValues.ReadEnum<CaseStage>(stage), FormValues.ReadEnum<RiskLevel>(risk), overdue == "true" ? true : null, 1000);
        var items = await desk.ListAsync(user.Viewer!, filter, cancellationToken);
        var sorted = items.OrderBy(s => RiskRank(s.Risk)).ThenBy(s => s.DueAt ?? DateTimeOffset.MaxValue).ThenByDescending(s => s.ReceivedAt).ToList();
        var names = await OfficialNames.ForActorsAsync(contexts, sorted.Select(s => s.Assignee), cancellationToken);
        var unattended = (await desk.AttentionAsync(cancellationToken)).Unattended.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> unitNames;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            unitNames = (await DashboardScope.ForAsync(db, user, cancellationToken)).Names(user.Language);
        }

        return PageResults.Page<CaseQueue>(http, new { User = user, Filter = filter, Items = sorted, Names = names, Now = time.GetUtcNow(), Unattended = (IReadOnlySet<string>)unattended, UnitNames = unitNames });
    }

    private static async Task<IResult> CaseAsync(
        string code, string? m, DashboardUser user, HttpContext http, CaseDesk desk, TimeProvider time,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var wanted = Normalize(code);
        // Back from the reader's own change (the 303 of a post): that change already records them reading the case.
        var view = wanted is null ? null : await desk.GetAsync(user.Viewer!, wanted, afterOwnChange: m is not null && DoneKeys.Contains(m), cancellationToken);
        if (view is null)
        {
            return NotFound(http, user);
        }

        // The clocks in full (the view has the next one only); nothing identifying, so not another read.
        var peek = await desk.PeekAsync(user.Viewer!, view.Summary.Code, cancellationToken);
        var names = await OfficialNames.ForActorsAsync(contexts, view.History.Select(h => h.Actor).Append(view.Summary.Assignee), cancellationToken);
        var canAct = user.Viewer!.Can(CaseRight.Act, view.Summary.UnitCode);
        var canAnswer = view.Summary.ReferredToUnitCode is { } referred && user.Viewer.Can(CaseRight.Act, referred);
        IReadOnlyList<string> communes = [];
        Dictionary<string, string> unitNames;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (canAct && view.Summary.UnitCode is { } unit)
            {
                // The communes it may go to: its own is not one of them.
                var own = await db.Units.AsNoTracking().Where(u => u.Code == unit).Select(u => u.NameVi).SingleOrDefaultAsync(cancellationToken);
                communes = [.. (await CaseRouter.CommuneNamesAsync(db, unit.Split('/')[0], cancellationToken)).Where(n => n != own)];
            }

            // The units of the case's province (some hundreds), named once rather than looked up line by line.
            var province = (view.Summary.UnitCode ?? view.Summary.ReferredToUnitCode)?.Split('/')[0];
            unitNames = province is null ? [] : (await db.Units.AsNoTracking().Where(u => u.Code == province || u.Code.StartsWith(province + "/")).ToListAsync(cancellationToken))
                .ToDictionary(u => u.Code, u => u.Name(user.Language), StringComparer.Ordinal);
        }

        var referredName = view.Summary.ReferredToUnitCode is { } to ? unitNames.GetValueOrDefault(to) : null;

        return PageResults.Page<CasePage>(http, new
        {
            User = user, View = view, Filed = peek.Case, CanAct = canAct, CanAnswerReferral = canAnswer, Names = names, Message = m,
            Now = time.GetUtcNow(), ReferUnits = communes, ReferredToName = referredName, UnitNames = unitNames,
            TelegramPhotos = http.RequestServices.GetRequiredService<Telegram.TelegramPhotoFiles>().IsAvailable,
        });
    }

    /// <summary>
    /// One photo of a case's report, for an official of the unit handling it (anyone else: the 404 of a case that does
    /// not exist), each view recorded as a read of that photo. The bytes come from Telegram (getFile, then the download)
    /// or from the address Zalo gave, passed through as they arrive: never written to disk, never kept by the browser.
    /// </summary>
    private static async Task<IResult> PhotoAsync(
        string code, int number, DashboardUser user, HttpContext http, CaseDesk desk, Telegram.TelegramPhotoFiles telegram, IHttpClientFactory clients,
        CancellationToken cancellationToken)
    {
        var wanted = Normalize(code);
        var photo = wanted is null ? null : await desk.OpenPhotoAsync(user.Viewer!, wanted, number, cancellationToken);
        if (photo is null)
        {
            return NotFound(http, user);
        }

        var download = photo.IsTelegramFile
            ? await telegram.OpenAsync(photo.Source, cancellationToken)
            : await FromAddressAsync(clients, photo.Source, cancellationToken);
        if (download is null)
        {
            var text = photo.IsTelegramFile && !telegram.IsAvailable ? "PhotoNoTelegram" : "PhotoNotGiven";
            return PageResults.Page<Refusal>(http, new
            {
                User = user,
                Page = new Refusal.Model(Resources.DashboardTexts.Get("PhotoUnavailableTitle", user.Language), Resources.DashboardTexts.Get(text, user.Language),
                    $"cases/{Uri.EscapeDataString(photo.Code)}", Resources.DashboardTexts.Get("BackToCase", user.Language)),
            }, StatusCodes.Status503ServiceUnavailable);
        }

        PageResults.Secure(http.Response);
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        http.Response.Headers.ContentDisposition = "inline";
        if (download.Length is { } length)
        {
            http.Response.ContentLength = length;
        }

        return Results.Stream(body => download.CopyToAsync(body, cancellationToken), download.ContentType);
    }

    /// <summary>A photo sent on Zalo, from the https address Zalo gave for it, when it still answers with an image.</summary>
    private static async Task<CasePhotoDownload?> FromAddressAsync(IHttpClientFactory clients, string source, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        var client = clients.CreateClient(PhotoClient);
        HttpResponseMessage? response = null;
        try
        {
            response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // Photos only: an SVG is a document that could run in the page's origin.
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType is not { } type
                || type is not ("image/jpeg" or "image/png" or "image/webp" or "image/gif"))
            {
                response.Dispose();
                return null;
            }

            var answer = response;
            response = null;
            return new CasePhotoDownload(type, answer.Content.Headers.ContentLength, async (body, cancel) =>
            {
                using (answer)
                {
                    await answer.Content.CopyToAsync(body, cancel);
                }
            });
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable, refused (not a public address) or too slow: the page says the photo cannot be shown.
            response?.Dispose();
            return null;
        }
    }

    /// <summary>The HttpClient that fetches a Zalo photo's address.</summary>
    internal const string PhotoClient = "case-photos";

    /// <summary>One change to a case, then back to the case page (303) with a message: done, or the rule that refused it.</summary>
    private static async Task<IResult> ActAsync(HttpContext http, DashboardUser user, WebSettings web, string code, string doneKey, Func<CaseViewer, string, Task<CaseResult>> act)
    {
        var wanted = Normalize(code);
        if (wanted is null)
        {
            return NotFound(http, user);
        }

        var result = await act(user.Viewer!, wanted);
        var flash = result switch
        {
            { Outcome: CaseOutcome.NotFound } => null,
            { Outcome: CaseOutcome.Forbidden } => "NotAllowed",
            { Outcome: CaseOutcome.Refused } => result.Rule ?? "BadInput",
            _ => doneKey,
        };
        return flash is null
            ? NotFound(http, user)
            : PageResults.SeeOther(http, web.Link($"{QueuePath}/{Uri.EscapeDataString(wanted)}?{FlashParameter}={Uri.EscapeDataString(flash)}", http.Request));
    }

    private static IResult NotFound(HttpContext http, DashboardUser user) =>
        PageResults.Page<Refusal>(http, new
        {
            User = user,
            Page = new Refusal.Model(Resources.DashboardTexts.Get("NotFoundTitle", user.Language), CaseTexts.Get("NotAllowed", user.Language), "cases", Resources.DashboardTexts.Get("BackToQueue", user.Language)),
        }, StatusCodes.Status404NotFound);

    private static string? Normalize(string code)
    {
        var wanted = code.Trim().ToUpperInvariant();
        return wanted.Length is > 0 and <= 20 ? wanted : null;
    }

    internal static int RiskRank(RiskLevel? risk) => risk switch
    {
        RiskLevel.High => 0,
        RiskLevel.Medium => 1,
        RiskLevel.Low => 2,
        _ => 3,
    };
}
