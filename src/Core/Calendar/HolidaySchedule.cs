using System.Globalization;

namespace ChildCare.Core.Calendar;

/// <summary>
/// The official holiday schedule of one year as the government announces it (Prime Minister's decision,
/// ministry notice): blocks of days off and Saturdays or Sundays worked in exchange. It is data an
/// administrator edits. Holidays it does not mention follow the default rule of the Labour Code.
/// </summary>
/// <param name="Year">The solar year the schedule is for.</param>
/// <param name="Periods">Blocks of days off, at most one per holiday.</param>
/// <param name="WorkingDays">Saturdays or Sundays worked in exchange for a day off.</param>
/// <param name="Source">Where the schedule comes from (document, date), shown to whoever checks it.</param>
public sealed record HolidaySchedule(
    int Year,
    IReadOnlyList<HolidayPeriod> Periods,
    IReadOnlyList<DateOnly> WorkingDays,
    string Source)
{
    /// <summary>Reasons the schedule cannot be used; empty when it is sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var covered = new HashSet<HolidayOccasion>();
        foreach (var period in Periods)
        {
            if (period.Last < period.First)
            {
                problems.Add(Say($"A period of {Year} ends ({period.Last:yyyy-MM-dd}) before it starts ({period.First:yyyy-MM-dd})."));
            }

            if (period.First.Year != Year || period.Last.Year != Year)
            {
                problems.Add(Say($"The period {period.First:yyyy-MM-dd} to {period.Last:yyyy-MM-dd} is not within {Year}."));
            }

            if (period.Occasions.Count == 0)
            {
                problems.Add(Say($"The period {period.First:yyyy-MM-dd} to {period.Last:yyyy-MM-dd} names no holiday."));
            }

            foreach (var occasion in period.Occasions)
            {
                if (!covered.Add(occasion))
                {
                    problems.Add(Say($"{occasion} has more than one period in {Year}."));
                }
            }
        }

        foreach (var day in WorkingDays)
        {
            if (day.Year != Year)
            {
                problems.Add(Say($"The working day {day:yyyy-MM-dd} is not in {Year}."));
            }
            else if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                problems.Add(Say($"The working day {day:yyyy-MM-dd} is a {day.DayOfWeek}, which is a working day anyway."));
            }
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            problems.Add(Say($"The schedule of {Year} names no source."));
        }

        return problems;
    }

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
