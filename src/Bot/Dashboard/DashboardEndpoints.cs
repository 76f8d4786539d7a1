using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Cases;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Dashboard;

/// <summary>
/// The officials' case pages: <c>GET /cases</c> (the queue), <c>GET /cases/{code}</c> (one case, recorded as a
/// read) and the posts that work a case (take, risk, move, close, note). Signed-in officials only (the
/// <c>cc_session</c> cookie; otherwise to <c>/login</c>); every post carries an antiforgery token.
/// </summary>
internal static class DashboardEndpoints
{
    public const string QueuePath = "/cases";
    public const string FlashParameter = "m";

    // A form value that is not one of the choices the page offered.
    private static readonly CaseResult BadInput = new(CaseOutcome.Refused, "BadInput");

    public static IServiceCollection AddChildCareDashboard(this IServiceCollection services)
    {
        // Tokens are protected with the data-protection keys, kept in the database so every web node shares them.
        DatabaseKeyRing.AddDatabaseKeyRing(services);
        services.AddAntiforgery();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/dashboard.css", (HttpContext http) => Stylesheet(http, "dashboard.css")).ExcludeFromDescription();
        // The tab's icon: the logo's ring, so browsers stop asking for a /favicon.ico that is not there.
        app.MapGet("/assets/icon.svg", Icon).ExcludeFromDescription();
        app.MapGet("/favicon.ico", Icon).ExcludeFromDescription();
        MapCaseRoutes(app);
        app.MapCalendarPage();
        app.MapRemindersPage();
        app.MapSchedulerPage();
        app.MapUnitsPage();
        app.MapAttentionPage();
        app.MapExportsPage();
        app.MapDirectoryPages();
        return app;
    }

    private static IResult Icon() => Results.Text(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><circle cx=\"16\" cy=\"16\" r=\"15\" fill=\"#0f6e6e\"/><circle cx=\"16\" cy=\"16\" r=\"9\" fill=\"#fff\" stroke=\"#f6b73c\" stroke-width=\"5\"/></svg>",
            "image/svg+xml");

    private static void MapCaseRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet(QueuePath, QueueAsync).ExcludeFromDescription();
        app.MapGet(QueuePath + "/{code}", CaseAsync).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/take", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "Taken", (viewer, c) => desk.TakeAsync(viewer, c, cancellationToken), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/risk", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "DoneRisk", (viewer, c) => ReadEnum<RiskLevel>(form["risk"]) is { } level
                ? desk.SetRiskAsync(viewer, c, level, Typed(form["reason"]), cancellationToken)
                : Task.FromResult(BadInput), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/move", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "Moved", (viewer, c) => ReadEnum<CaseStage>(form["stage"]) is { } stage
                ? desk.MoveAsync(viewer, c, stage, cancellationToken)
                : Task.FromResult(BadInput), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/close", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "DoneClose", (viewer, c) => desk.CloseAsync(viewer, c, Typed(form["reason"]), cancellationToken), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/reopen", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "DoneReopen", (viewer, c) => desk.ReopenAsync(viewer, c, Typed(form["reason"]), cancellationToken), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/refer", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "DoneRefer", (viewer, c) => Typed(form["unit"]) is { Length: <= 100 } unit
                ? desk.ReferByNameAsync(viewer, c, unit, Typed(form["reason"]), cancellationToken)
                : Task.FromResult(BadInput), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/referral", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, form["answer"] == "accept" ? "DoneAccept" : "DoneRefuseReferral", (viewer, c) => form["answer"].ToString() is "accept" or "refuse"
                ? desk.AnswerReferralAsync(viewer, c, form["answer"] == "accept", Typed(form["reason"]), cancellationToken)
                : Task.FromResult(BadInput), cancellationToken)).ExcludeFromDescription();
        app.MapPost(QueuePath + "/{code}/note", (string code, IFormCollection form, HttpContext http, CaseDesk desk, WebSettings web, CancellationToken cancellationToken) =>
            ActAsync(http, web, code, "DoneNote", (viewer, c) => desk.AddNoteAsync(viewer, c, Typed(form["note"]), cancellationToken), cancellationToken)).ExcludeFromDescription();
    }

    /// <summary>A stylesheet of <c>Dashboard/Assets</c>, embedded in the build (e.g. "dashboard.css").</summary>
    internal static IResult Stylesheet(HttpContext http, string name)
    {
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("ChildCare.Bot.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The stylesheet {name} is missing from the build.");
        return Results.Stream(stream, "text/css; charset=utf-8");
    }

    private static async Task<IResult> QueueAsync(
        string? stage, string? risk, string? overdue, HttpContext http, CaseDesk desk, WebSettings web, TimeProvider time,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (user.Viewer is null)
        {
            return NoUnit(http, user, "");
        }

        // A value that is not one of the choices is no filter: the form only offers valid ones.
        var filter = new CaseFilter(null, ReadEnum<CaseStage>(stage), ReadEnum<RiskLevel>(risk), overdue == "true" ? true : null, 1000);
        var items = await desk.ListAsync(user.Viewer, filter, cancellationToken);
        var sorted = items.OrderBy(s => RiskRank(s.Risk)).ThenBy(s => s.DueAt ?? DateTimeOffset.MaxValue).ThenByDescending(s => s.ReceivedAt).ToList();
        var names = await OfficialNamesAsync(contexts, sorted.Select(s => s.Assignee), cancellationToken);
        var unattended = (await desk.AttentionAsync(cancellationToken)).Unattended.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var main = DashboardPages.Queue(user, filter, sorted, names, time.GetUtcNow(), unattended);
        return DashboardLayout.Page(http, user, user.Language, DashboardTexts.Get("QueueTitle", user.Language), "", main);
    }

    private static async Task<IResult> CaseAsync(
        string code, string? m, HttpContext http, CaseDesk desk, WebSettings web, TimeProvider time,
        IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        var (user, refusal) = await UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (user.Viewer is null)
        {
            return NoUnit(http, user, "../");
        }

        var wanted = Normalize(code);
        var view = wanted is null ? null : await desk.GetAsync(user.Viewer, wanted, cancellationToken);
        if (view is null)
        {
            return NotFound(http, user);
        }

        // The clocks in full (the view has the next one only); nothing identifying, so not another read.
        var peek = await desk.PeekAsync(user.Viewer, view.Summary.Code, cancellationToken);
        var names = await OfficialNamesAsync(contexts, view.History.Select(h => h.Actor).Append(view.Summary.Assignee), cancellationToken);
        var canAct = user.Viewer.Can(CaseRight.Act, view.Summary.UnitCode);
        var canAnswer = view.Summary.ReferredToUnitCode is { } referred && user.Viewer.Can(CaseRight.Act, referred);
        var main = DashboardPages.Case(http, user, view, peek.Case, canAct, canAnswer, names, m, time.GetUtcNow());
        return DashboardLayout.Page(http, user, user.Language, DashboardTexts.Format("CaseTitle", user.Language, view.Summary.Code), "../", main);
    }

    /// <summary>
    /// One change to a case, then back to the case page (303) with a message: done, or the rule that refused it.
    /// </summary>
    private static async Task<IResult> ActAsync(HttpContext http, WebSettings web, string code, string doneKey, Func<CaseViewer, string, Task<CaseResult>> act, CancellationToken cancellationToken)
    {
        var (user, refusal) = await UserAsync(http, web, administrators: false, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var wanted = Normalize(code);
        if (user.Viewer is null || wanted is null)
        {
            return NotFound(http, user);
        }

        var result = await act(user.Viewer, wanted);
        var flash = result switch
        {
            { Outcome: CaseOutcome.NotFound } => null,
            { Outcome: CaseOutcome.Forbidden } => "NotAllowed",
            { Outcome: CaseOutcome.Refused } => result.Rule ?? "BadInput",
            _ => doneKey,
        };
        if (flash is null)
        {
            return NotFound(http, user);
        }

        return SeeOther(http, web.Link($"{QueuePath}/{Uri.EscapeDataString(wanted)}?{FlashParameter}={Uri.EscapeDataString(flash)}"));
    }

    /// <summary>
    /// The user behind a page or post, or what to answer instead: the sign-in page without a session, 403 on an
    /// administrator's page for anyone else.
    /// </summary>
    internal static async Task<(DashboardUser? User, IResult? Refusal)> UserAsync(HttpContext http, WebSettings web, bool administrators, CancellationToken cancellationToken)
    {
        var user = await DashboardUser.ResolveAsync(http, cancellationToken);
        return user is null ? (null, ToSignIn(http, web))
            : administrators && !user.IsAdministrator ? (null, AdministratorsOnly(http, user))
            : (user, null);
    }

    internal static IResult ToSignIn(HttpContext http, WebSettings web) => SeeOther(http, web.Link(SignInEndpoints.PagePath));

    internal static IResult SeeOther(HttpContext http, Uri location)
    {
        DashboardLayout.Secure(http.Response);
        http.Response.Headers.Location = location.AbsoluteUri;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult NotFound(HttpContext http, DashboardUser user)
    {
        var main = new HtmlBuilder()
            .Raw("<section class=\"card empty\"><h1>").Text(DashboardTexts.Get("NotFoundTitle", user.Language)).Raw("</h1><p>")
            .Text(CaseTexts.Get("NotAllowed", user.Language)).Raw("</p><p><a href=\"../cases\">").Text(DashboardTexts.Get("BackToQueue", user.Language)).Raw("</a></p></section>");
        return DashboardLayout.Page(http, user, user.Language, DashboardTexts.Get("NotFoundTitle", user.Language), "../", main, StatusCodes.Status404NotFound);
    }

    /// <summary>403 for a signed-in official who is not an administrator, on an administrator's page or post.</summary>
    internal static IResult AdministratorsOnly(HttpContext http, DashboardUser user)
    {
        var main = new HtmlBuilder()
            .Raw("<section class=\"card empty\"><h1>").Text(DashboardTexts.Get("AdminOnlyTitle", user.Language)).Raw("</h1><p>")
            .Text(DashboardTexts.Get("AdminOnly", user.Language)).Raw("</p></section>");
        return DashboardLayout.Page(http, user, user.Language, DashboardTexts.Get("AdminOnlyTitle", user.Language), DashboardLayout.RootOf(http.Request), main, StatusCodes.Status403Forbidden);
    }

    private static IResult NoUnit(HttpContext http, DashboardUser user, string root)
    {
        var main = new HtmlBuilder()
            .Raw("<section class=\"card empty\"><h1>").Text(DashboardTexts.Get("NoUnitTitle", user.Language)).Raw("</h1><p>")
            .Text(DashboardTexts.Get(user.IsAdministrator ? "NoUnitAdministrator" : "NoUnit", user.Language)).Raw("</p>");
        if (user.IsAdministrator)
        {
            // What an administrator does see of cases: those that need routing or reached nobody.
            main.Raw("<p><a href=\"").Attr(root + "attention").Raw("\">").Text(DashboardTexts.Get("NoUnitAttentionLink", user.Language)).Raw("</a></p>");
        }

        main.Raw("</section>");
        return DashboardLayout.Page(http, user, user.Language, DashboardTexts.Get("NoUnitTitle", user.Language), root, main, StatusCodes.Status403Forbidden);
    }

    internal static Task<Dictionary<long, string>> OfficialNamesAsync(IDbContextFactory<ChildCareDbContext> contexts, IEnumerable<string?> actors, CancellationToken cancellationToken) =>
        OfficialNamesAsync(contexts, actors.Select(DashboardPages.OfficialId), cancellationToken);

    internal static async Task<Dictionary<long, string>> OfficialNamesAsync(IDbContextFactory<ChildCareDbContext> contexts, IEnumerable<long?> officials, CancellationToken cancellationToken)
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

    private static string? Normalize(string code)
    {
        var wanted = code.Trim().ToUpperInvariant();
        return wanted.Length is > 0 and <= 20 ? wanted : null;
    }

    internal static string? Typed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int RiskRank(RiskLevel? risk) => risk switch
    {
        RiskLevel.High => 0,
        RiskLevel.Medium => 1,
        RiskLevel.Low => 2,
        _ => 3,
    };

    internal static TEnum? ReadEnum<TEnum>(string? value)
        where TEnum : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !int.TryParse(value, out _) && Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
}
