using System.Globalization;
using ChildCare.Core.Cases;
using ChildCare.Core.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Api;

/// <summary>
/// <c>/api/cases</c>: the case queue and single cases, for signed-in officials and integrations with a key
/// (guarded by <see cref="CaseAccess"/>). Each sees the cases of their units only; a case of another unit is
/// "not found", exactly like one that does not exist. Opening a case is recorded in its record.
/// </summary>
internal static class CasesApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    internal sealed record CaseListResponse(string? Unit, CaseStage? Stage, RiskLevel? Risk, bool? Overdue, int Limit, IReadOnlyList<CaseSummary> Items);

    public static RouteGroupBuilder MapCasesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cases", ListCases)
            .WithName("ListCases")
            .WithSummary("The caller's case queue, newest first, without identifying details: ?unit= (a unit and those below it), ?stage=, ?risk=, ?overdue=true|false, ?limit= (1-1000, default 100).");
        api.MapGet("/cases/{code}", GetCase)
            .WithName("GetCase")
            .WithSummary("One case with its details and record, for a caller allowed to read it (recorded as a read); 404 otherwise.");
        return api;
    }

    private static async Task<Results<Ok<CaseListResponse>, ProblemHttpResult, NotFound<ProblemDetails>>> ListCases(
        string? unit, string? stage, string? risk, string? overdue, string? limit,
        HttpContext http, CaseDesk desk, IDbContextFactory<ChildCareDbContext> contexts, CancellationToken cancellationToken)
    {
        CaseStage? stageFilter = null;
        if (stage is not null)
        {
            if (ReadEnum<CaseStage>(stage) is not { } parsed)
            {
                return BadParameter("stage", $"one of {Names<CaseStage>()}", stage);
            }

            stageFilter = parsed;
        }

        RiskLevel? riskFilter = null;
        if (risk is not null)
        {
            if (ReadEnum<RiskLevel>(risk) is not { } parsed)
            {
                return BadParameter("risk", $"one of {Names<RiskLevel>()}", risk);
            }

            riskFilter = parsed;
        }

        bool? overdueFilter = null;
        if (overdue is not null)
        {
            if (!bool.TryParse(overdue, out var parsed))
            {
                return BadParameter("overdue", "true or false", overdue);
            }

            overdueFilter = parsed;
        }

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return BadParameter("limit", $"a whole number from 1 to {MaxLimit}", limit);
        }

        var unitCode = string.IsNullOrWhiteSpace(unit) ? null : unit.Trim();
        if (unitCode is not null)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Units.AnyAsync(u => u.Code == unitCode, cancellationToken))
            {
                return ApiProblems.UnknownUnit(unitCode);
            }
        }

        var items = await desk.ListAsync(http.CaseViewer(), new CaseFilter(unitCode, stageFilter, riskFilter, overdueFilter, count), cancellationToken);
        return TypedResults.Ok(new CaseListResponse(unitCode, stageFilter, riskFilter, overdueFilter, count, items));
    }

    private static async Task<Results<Ok<CaseView>, NotFound<ProblemDetails>>> GetCase(string code, HttpContext http, CaseDesk desk, CancellationToken cancellationToken)
    {
        var wanted = code.Trim().ToUpperInvariant();
        var view = wanted.Length is > 0 and <= 20 ? await desk.GetAsync(http.CaseViewer(), wanted, cancellationToken) : null;
        // The same answer whether the case does not exist or is not the caller's: codes cannot be probed.
        return view is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "No such case", Detail = $"There is no case '{code}' among the cases you may read.", Status = StatusCodes.Status404NotFound })
            : TypedResults.Ok(view);
    }

    private static TEnum? ReadEnum<TEnum>(string value)
        where TEnum : struct, Enum =>
        // Numbers parse as enum values in Enum.TryParse; a caller who writes "1" means nothing by it.
        !int.TryParse(value, out _) && Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    private static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>());

    private static ProblemHttpResult BadParameter(string name, string expected, string got) =>
        TypedResults.Problem($"The parameter '{name}' must be {expected}; got '{got}'.", statusCode: StatusCodes.Status400BadRequest, title: "Bad parameter");
}
