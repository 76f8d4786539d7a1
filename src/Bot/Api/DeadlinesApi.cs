using System.Globalization;
using ChildCare.Core.Deadlines;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChildCare.Bot.Api;

/// <summary><c>/api/deadlines/...</c>: what falls due, for everyone who plans work.</summary>
internal static class DeadlinesApi
{
    internal sealed record UpcomingResponse(DateOnly From, DateOnly To, string? Unit, IReadOnlyList<UpcomingEntry> Items);

    internal sealed record UpcomingEntry(
        long OccurrenceId, string Rule, string Kind, string Title, string TitleEn, string Unit, string UnitName, string UnitNameEn,
        string Role, DateOnly DueDate, DateOnly? EndDate, string Weekday, LunarDateValue? LunarDate, string? Theme, string? ThemeEn,
        string Status, string Recurrence);

    internal sealed record LunarDateValue(int Day, int Month, int Year, bool IsLeapMonth);

    public static RouteGroupBuilder MapDeadlinesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/deadlines/upcoming", GetUpcoming)
            .WithName("GetUpcomingDeadlines")
            .WithSummary("Deadlines and events due from today over ?days= (1-400, default 60), optionally within ?unit= (a unit code and everything below it).");
        return api;
    }

    private static async Task<Results<Ok<UpcomingResponse>, ProblemHttpResult, NotFound<ProblemDetails>>> GetUpcoming(
        string? days, string? unit, UpcomingQuery query, TimeProvider time, CancellationToken cancellationToken)
    {
        var span = 60;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out span) || span is < 1 or > 400))
        {
            return TypedResults.Problem($"The parameter 'days' must be a whole number from 1 to 400; got '{days}'.", statusCode: StatusCodes.Status400BadRequest, title: "Bad parameter");
        }

        var unitCode = string.IsNullOrWhiteSpace(unit) ? null : unit.Trim();
        if (unitCode is not null && !await query.UnitExistsAsync(unitCode, cancellationToken))
        {
            return ApiProblems.UnknownUnit(unitCode);
        }

        var items = await query.ListAsync(span, unitCode, cancellationToken);
        var today = Core.Time.VietnamTime.Today(time);
        return TypedResults.Ok(new UpcomingResponse(today, today.AddDays(span), unitCode, items.Select(i => new UpcomingEntry(
            i.OccurrenceId, i.RuleCode, i.Kind.ToString(), i.TitleVi, i.TitleEn, i.UnitCode, i.UnitNameVi, i.UnitNameEn, i.Role.ToString(),
            i.DueDate, i.EndDate, i.Weekday, i.LunarDate is { } l ? new LunarDateValue(l.Day, l.Month, l.Year, l.IsLeapMonth) : null,
            i.ThemeVi, i.ThemeEn, i.Status.ToString(), i.Recurrence)).ToList()));
    }
}
