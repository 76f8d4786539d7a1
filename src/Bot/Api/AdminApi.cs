using System.Text.Json;
using ChildCare.Bot.Telegram;
using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Api;

/// <summary>
/// <c>/api/admin/...</c>: units, plan import, rules and themes, invites, announcements and holiday schedules.
/// Guarded by <see cref="Admin.AdminAccess"/>.
/// </summary>
internal static class AdminApi
{
    internal sealed record UnitResponse(long Id, string Code, string? Parent, string NameVi, string NameEn, string Kind);

    internal sealed record RuleResponse(
        long Id, string Code, string Unit, string Role, string Kind, string TitleVi, string TitleEn, string Recurrence, IReadOnlyList<int> LeadDays,
        DateOnly? From, DateOnly? Until, string? PlanCode, string? PlanTitle, string? Source, IReadOnlyList<ThemeBody> Themes);

    internal sealed record ThemeBody(int Year, string Vi, string? En);

    internal sealed record InviteResponse(string Code, string Unit, string Role, DateTimeOffset ExpiresAt, int MaxUses, string JoinCommand, Uri? DeepLink);

    internal sealed record AnnouncementBody(string Unit, string TextVi, string? TextEn);

    internal sealed record AnnouncementResponse(int Queued);

    internal sealed record SavedResponse(long Id);

    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        api.MapGet("/units", ListUnits).WithName("ListUnits").WithSummary("Every unit, as a tree by code.");
        api.MapPost("/plans", ImportPlan).WithName("ImportPlan")
            .WithSummary("Imports a plan file (units and rules, the format of Deadlines/DemoData); nothing is saved when it has a problem.");
        api.MapGet("/rules", ListRules).WithName("ListRules").WithSummary("Rules in force, optionally within ?unit=.");
        api.MapPut("/rules", SaveRule).WithName("SaveRule").Accepts<RuleInput>("application/json").WithSummary("Creates or updates the rule with the body's code; future reminders follow the change.");
        api.MapDelete("/rules/{id:long}", DeleteRule).WithName("DeleteRule").WithSummary("Deletes a rule; its future occurrences and pending reminders are cancelled.");
        api.MapPut("/rules/{id:long}/themes/{year:int}", SetTheme).WithName("SetEventTheme").Accepts<ThemeBody>("application/json").WithSummary("Sets a yearly event's theme for one year.");
        api.MapPost("/invites", IssueInvite).WithName("IssueInvite").Accepts<InviteRequest>("application/json")
            .WithSummary("A new invite code for a unit and role; the code is shown only in this answer. Unknown fields and values out of range are refused.");
        api.MapPost("/announcements", Broadcast).WithName("BroadcastAnnouncement").Accepts<AnnouncementBody>("application/json").WithSummary("Queues an announcement to every official of a unit and the units below it.");
        api.MapPut("/calendar/holidays/{year:int}", SaveHolidays).WithName("SaveHolidaySchedule").WithSummary("Records a year's official holiday schedule (days off, swapped working days).");
        api.MapDelete("/calendar/holidays/{year:int}", DeleteHolidays).WithName("DeleteHolidaySchedule").WithSummary("Forgets a recorded schedule: the shipped one or the Labour Code default applies.");
        return api;
    }

    private static async Task<Ok<List<UnitResponse>>> ListUnits(IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().OrderBy(u => u.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(units.Select(u => new UnitResponse(u.Id, u.Code, Core.Units.Unit.ParentCode(u.Code), u.NameVi, u.NameEn, u.Kind.ToString())).ToList());
    }

    private static async Task<Results<Ok<ImportResult>, ValidationProblem>> ImportPlan(HttpRequest request, DeadlineAdmin admin, Core.Cases.CommuneNameCache communeNames, CancellationToken cancellationToken)
    {
        PlanFile file;
        try
        {
            using var reader = new StreamReader(request.Body);
            file = PlanFile.Parse(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (JsonException e)
        {
            return Problems("file", [$"The body is not a plan file: {e.Message}"]);
        }

        var result = await admin.ImportAsync(file, cancellationToken);
        if (result.Succeeded && file.Units is { Count: > 0 })
        {
            // The help desk offers this node's new names at once; other nodes within CommuneNameCache.MaxAge.
            communeNames.Forget();
        }

        return result.Succeeded ? TypedResults.Ok(result) : Problems("file", result.Problems);
    }

    private static async Task<Ok<List<RuleResponse>>> ListRules(string? unit, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.DeadlineRules.AsNoTracking().Include(r => r.Unit).Include(r => r.Themes).Where(r => r.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(unit))
        {
            var prefix = unit + "/";
            query = query.Where(r => r.Unit!.Code == unit || r.Unit.Code.StartsWith(prefix));
        }

        var rules = await query.OrderBy(r => r.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(rules.Select(r => new RuleResponse(
            r.Id, r.Code, r.Unit!.Code, r.Role.ToString(), r.Kind.ToString(), r.TitleVi, r.TitleEn, r.Recurrence, r.Leads(), r.ValidFrom, r.ValidUntil,
            r.PlanCode, r.PlanTitle, r.Source, r.Themes.OrderBy(t => t.Year).Select(t => new ThemeBody(t.Year, t.ThemeVi, t.ThemeEn)).ToList())).ToList());
    }

    private static async Task<Results<Ok<SavedResponse>, ValidationProblem>> SaveRule(HttpRequest request, DeadlineAdmin admin, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<RuleInput>(request, "rule",
            """{"code": "bao-cao-6-thang", "unit": "thanh-hoa/cam-tan", "role": "ChildProtection", "kind": "Deadline", "titleVi": "Báo cáo 6 tháng", "recurrence": "yearly 15/05"}""", cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var (id, problems) = await admin.SaveRuleAsync(body, cancellationToken);
        return id is { } saved ? TypedResults.Ok(new SavedResponse(saved)) : Problems("rule", problems);
    }

    private static async Task<Results<NoContent, NotFound>> DeleteRule(long id, DeadlineAdmin admin, CancellationToken cancellationToken) =>
        await admin.DeleteRuleAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound, ValidationProblem>> SetTheme(long id, int year, HttpRequest request, DeadlineAdmin admin, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<ThemeBody>(request, "theme", """{"year": 2027, "vi": "Chủ đề năm", "en": "The year's theme"}""", cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(body.Vi) || body.Vi.Length > 500 || year is < 1900 or > 2100)
        {
            return Problems("theme", ["vi is required (at most 500 characters) and the year must be from 1900 to 2100."]);
        }

        return await admin.SetThemeAsync(id, year, body.Vi, body.En, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<InviteResponse>, NotFound<ProblemDetails>, ValidationProblem>> IssueInvite(
        HttpRequest request, OfficialAdmin admin, [FromServices] TelegramBotIdentity identity, CancellationToken cancellationToken)
    {
        var (body, problems) = await InviteRequest.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var invite = await admin.IssueInviteAsync(body.Unit, body.Role, body.ValidDays, body.MaxUses ?? 1, cancellationToken);
        if (invite is null)
        {
            return ApiProblems.UnknownUnit(body.Unit);
        }

        return TypedResults.Ok(new InviteResponse(invite.Code, invite.Unit, invite.Role.ToString(), invite.ExpiresAt, invite.MaxUses,
            "/join " + invite.Code, identity.DeepLink("join-" + invite.Code)));
    }

    private static async Task<Results<Ok<AnnouncementResponse>, NotFound<ProblemDetails>, ValidationProblem>> Broadcast(HttpRequest request, DeadlineAdmin admin, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<AnnouncementBody>(request, "announcement", """{"unit": "thanh-hoa", "textVi": "Thông báo", "textEn": "Notice"}""", cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (string.IsNullOrWhiteSpace(body.Unit))
        {
            return Problems("announcement", ["unit is required: a unit's code, as GET /api/admin/units lists them."]);
        }

        if (string.IsNullOrWhiteSpace(body.TextVi) || body.TextVi.Length > 3500 || body.TextEn is { Length: > 3500 })
        {
            return Problems("announcement", ["textVi is required; each text at most 3500 characters."]);
        }

        var queued = await admin.BroadcastAsync(body.Unit, body.TextVi, body.TextEn, cancellationToken);
        return queued is { } count
            ? TypedResults.Ok(new AnnouncementResponse(count))
            : ApiProblems.UnknownUnit(body.Unit);
    }

    private static async Task<Results<NoContent, ValidationProblem>> SaveHolidays(int year, HttpRequest request, StoredHolidayScheduleSource schedules, CancellationToken cancellationToken)
    {
        HolidaySchedule schedule;
        try
        {
            using var reader = new StreamReader(request.Body);
            schedule = OfficialHolidaySchedules.Read(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (JsonException e)
        {
            return Problems("schedule", [$"The body is not a holiday schedule: {e.Message}"]);
        }

        if (schedule.Year != year)
        {
            return Problems("schedule", [$"The body is the schedule of {schedule.Year}, not of {year}."]);
        }

        try
        {
            await schedules.SaveAsync(schedule, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return Problems("schedule", [e.Message.Split(" (Parameter")[0]]);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, NotFound>> DeleteHolidays(int year, StoredHolidayScheduleSource schedules, CancellationToken cancellationToken) =>
        await schedules.DeleteAsync(year, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static ValidationProblem Problems(string field, IReadOnlyList<string> problems) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [.. problems] });
}
