using System.Globalization;
using ChildCare.Core.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChildCare.Bot.Api;

/// <summary><c>/api/calendar/...</c>: lunar/solar conversion and the days off of a year.</summary>
internal static class CalendarApi
{
    internal sealed record LunarDateResponse(int Day, int Month, int Year, bool IsLeapMonth);

    internal sealed record SolarDateResponse(DateOnly Date);

    internal sealed record HolidayResponse(DateOnly Date, string NameVi, string NameEn, string Kind);

    public static RouteGroupBuilder MapCalendarApi(this RouteGroupBuilder api)
    {
        api.MapGet("/calendar/lunar", GetLunar)
            .WithName("GetLunarDate")
            .WithSummary("The Vietnamese lunar date (UTC+7) of a solar date given as ?date=yyyy-MM-dd.");
        api.MapGet("/calendar/solar", GetSolar)
            .WithName("GetSolarDate")
            .WithSummary("The solar date of a Vietnamese lunar date given as ?year=&month=&day=&leap=.");
        api.MapGet("/calendar/holidays", GetHolidays)
            .WithName("GetHolidays")
            .WithSummary("The public holidays and compensatory days off of a year (?year=), official schedule first.");
        return api;
    }

    // Parameters arrive as strings so that a bad value gets a sentence naming it, not a bare 400.
    private static Results<Ok<LunarDateResponse>, ProblemHttpResult> GetLunar(string? date)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var solar))
        {
            return Invalid($"The parameter 'date' must be a date written yyyy-MM-dd, for example 2025-10-06; got '{date}'.");
        }

        if (solar < LunarCalendar.FirstSolarDate || solar > LunarCalendar.LastSolarDate)
        {
            return Invalid($"The parameter 'date' must be between {LunarCalendar.FirstSolarDate:yyyy-MM-dd} and {LunarCalendar.LastSolarDate:yyyy-MM-dd}; got {solar:yyyy-MM-dd}.");
        }

        var lunar = LunarCalendar.ToLunar(solar);
        return TypedResults.Ok(new LunarDateResponse(lunar.Day, lunar.Month, lunar.Year, lunar.IsLeapMonth));
    }

    private static Results<Ok<SolarDateResponse>, ProblemHttpResult> GetSolar(string? year, string? month, string? day, string? leap)
    {
        if (!TryParseNumber(year, out var y))
        {
            return Invalid($"The parameter 'year' must be a whole number (a lunar year from {LunarCalendar.FirstYear} to {LunarCalendar.LastYear}); got '{year}'.");
        }

        if (!TryParseNumber(month, out var m))
        {
            return Invalid($"The parameter 'month' must be a whole number from 1 to 12; got '{month}'.");
        }

        if (!TryParseNumber(day, out var d))
        {
            return Invalid($"The parameter 'day' must be a whole number from 1 to 30; got '{day}'.");
        }

        var isLeap = false;
        if (leap is not null && !bool.TryParse(leap, out isLeap))
        {
            return Invalid($"The parameter 'leap' must be true or false; got '{leap}'.");
        }

        if (y is < LunarCalendar.FirstYear or > LunarCalendar.LastYear)
        {
            return Invalid($"The parameter 'year' must be a lunar year from {LunarCalendar.FirstYear} to {LunarCalendar.LastYear}; got {y}.");
        }

        if (m is < 1 or > 12)
        {
            return Invalid($"The parameter 'month' must be from 1 to 12; got {m}.");
        }

        if (isLeap && LunarCalendar.LeapMonth(y) != m)
        {
            var actual = LunarCalendar.LeapMonth(y);
            return actual is null
                ? Invalid($"The parameter 'leap' is true, but lunar year {y} has no leap month.")
                : Invalid($"The parameter 'leap' is true, but the leap month of lunar year {y} is {actual}, not {m}.");
        }

        var length = LunarCalendar.DaysInMonth(y, m, isLeap);
        if (d < 1 || d > length)
        {
            return Invalid($"The parameter 'day' must be from 1 to {length}, because lunar month {m}{(isLeap ? " (leap)" : string.Empty)} of {y} has {length} days; got {d}.");
        }

        return TypedResults.Ok(new SolarDateResponse(LunarCalendar.ToSolar(new LunarDate(y, m, d, isLeap))));
    }

    private static Results<Ok<IReadOnlyList<HolidayResponse>>, ProblemHttpResult> GetHolidays(string? year, HolidayCalendar calendar)
    {
        if (!TryParseNumber(year, out var y) || y is < LunarCalendar.FirstYear or > LunarCalendar.LastYear)
        {
            return Invalid($"The parameter 'year' must be a year from {LunarCalendar.FirstYear} to {LunarCalendar.LastYear}; got '{year}'.");
        }

        IReadOnlyList<HolidayResponse> days = [.. calendar.HolidaysIn(y).Select(h => new HolidayResponse(h.Date, h.NameVi, h.NameEn, KindName(h.Kind)))];
        return TypedResults.Ok(days);
    }

    private static string KindName(HolidayKind kind) => kind switch
    {
        HolidayKind.Law => "law",
        HolidayKind.Compensatory => "compensatory",
        HolidayKind.OfficialExtra => "official-extra",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown holiday kind."),
    };

    private static bool TryParseNumber(string? text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static ProblemHttpResult Invalid(FormattableString detail) =>
        TypedResults.Problem(
            detail: detail.ToString(CultureInfo.InvariantCulture),
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid calendar query");
}
