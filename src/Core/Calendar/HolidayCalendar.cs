using System.Collections.Concurrent;
using System.Globalization;

namespace ChildCare.Core.Calendar;

/// <summary>
/// Days off and working days of Vietnamese public administration (Saturday and Sunday are weekly rest), and
/// the day arithmetic deadlines and reminders need.
/// </summary>
/// <remarks>
/// A year with an official schedule follows it for the holidays it covers; every other holiday follows the
/// default rule of the Labour Code 2019, art. 112: the law days, and for each law day on a Saturday or
/// Sunday a compensatory day on the next working day (art. 112.3).
/// </remarks>
public sealed class HolidayCalendar(IHolidayScheduleSource schedules)
{
    private readonly ConcurrentDictionary<int, YearDays> _years = new();

    /// <summary>The holidays of a solar year in date order: law days (also those on a weekend),
    /// compensatory days and official extra days.</summary>
    public IReadOnlyList<Holiday> HolidaysIn(int year) => Year(year).Holidays;

    public bool IsDayOff(DateOnly date) => !IsWorkingDay(date);

    /// <summary>Monday to Friday unless a holiday, or a Saturday/Sunday the official schedule makes a working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        var year = Year(date.Year);
        if (year.SwappedWorkingDays.Contains(date))
        {
            return true;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !year.WeekdaysOff.Contains(date);
    }

    /// <summary>The first working day after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => Step(date, 1);

    /// <summary>The last working day before <paramref name="date"/>.</summary>
    public DateOnly PreviousWorkingDay(DateOnly date) => Step(date, -1);

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>, which itself does
    /// not count ("within 5 working days of intake"); a negative count goes back. Zero returns the start.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        var direction = Math.Sign(workingDays);
        var date = start;
        for (var left = Math.Abs(workingDays); left > 0; left--)
        {
            date = Step(date, direction);
        }

        return date;
    }

    /// <summary>
    /// Civil Code 2015, art. 147-148: a deadline counted in days whose last day is a weekly rest day or a
    /// holiday ends at the close of the next working day.
    /// </summary>
    public DateOnly DeadlineEnd(DateOnly lastDay) => IsWorkingDay(lastDay) ? lastDay : NextWorkingDay(lastDay);

    /// <summary>
    /// Product rule: officials are not reminded on a day off, and a reminder must not come later than
    /// wanted, so it moves to the previous working day.
    /// </summary>
    public DateOnly ReminderDay(DateOnly wanted) => IsWorkingDay(wanted) ? wanted : PreviousWorkingDay(wanted);

    private DateOnly Step(DateOnly date, int direction)
    {
        do
        {
            date = date.AddDays(direction);
        }
        while (!IsWorkingDay(date));

        return date;
    }

    private YearDays Year(int year)
    {
        if (year is < LunarCalendar.FirstYear or > LunarCalendar.LastYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year,
                string.Create(CultureInfo.InvariantCulture, $"The year {year} is outside the supported range {LunarCalendar.FirstYear} to {LunarCalendar.LastYear}."));
        }

        var schedule = schedules.Find(year);
        if (_years.TryGetValue(year, out var cached) && ReferenceEquals(cached.Schedule, schedule))
        {
            return cached;
        }

        var computed = YearDays.Compute(year, schedule);
        _years[year] = computed;
        return computed;
    }

    private sealed record YearDays(
        HolidaySchedule? Schedule,
        IReadOnlyList<Holiday> Holidays,
        HashSet<DateOnly> WeekdaysOff,
        HashSet<DateOnly> SwappedWorkingDays)
    {
        public static YearDays Compute(int year, HolidaySchedule? schedule)
        {
            var lawDays = LawDays(year);
            var periods = schedule?.Periods ?? [];
            var swapped = new HashSet<DateOnly>(schedule?.WorkingDays ?? []);
            var holidays = new List<Holiday>();
            var off = new HashSet<DateOnly>();

            foreach (var period in periods)
            {
                for (var day = period.First; day <= period.Last; day = day.AddDays(1))
                {
                    var lawOccasion = period.Occasions.Where(o => lawDays[o].Contains(day)).Cast<HolidayOccasion?>().FirstOrDefault();
                    if (lawOccasion is { } occasion)
                    {
                        // A law day inside the block is listed even on a weekend: it is the holiday itself.
                        holidays.Add(HolidayNames.Day(day, occasion, HolidayKind.Law));
                    }
                    else if (!IsWeekend(day) && !swapped.Contains(day))
                    {
                        holidays.Add(HolidayNames.Day(day, period.Occasions[0], HolidayKind.OfficialExtra));
                    }
                    else
                    {
                        continue; // ordinary weekly rest inside the block
                    }

                    off.Add(day);
                }
            }

            var covered = periods.SelectMany(p => p.Occasions).ToHashSet();
            var byDefault = lawDays
                .Where(pair => !covered.Contains(pair.Key))
                .SelectMany(pair => pair.Value.Select(day => (Day: day, Occasion: pair.Key)))
                .OrderBy(pair => pair.Day)
                .ThenBy(pair => pair.Occasion)
                .ToList();
            // Giỗ Tổ (10/3 lunar) can land on 30/4 or 1/5 after a leap month; the day is off once, not twice,
            // and art. 112.3 gives compensation only for the weekly rest day.
            byDefault.RemoveAll(pair => !off.Add(pair.Day));
            foreach (var (day, occasion) in byDefault)
            {
                holidays.Add(HolidayNames.Day(day, occasion, HolidayKind.Law));
            }

            // Art. 112.3: each law day on the weekly rest gives one day off on the next working day. In date
            // order, so a weekend inside a block (Tết) is compensated after the whole block.
            foreach (var (day, occasion) in byDefault.Where(pair => IsWeekend(pair.Day)))
            {
                var compensation = day.AddDays(1);
                while (IsWeekend(compensation) || off.Contains(compensation) || swapped.Contains(compensation))
                {
                    compensation = compensation.AddDays(1);
                }

                holidays.Add(HolidayNames.Day(compensation, occasion, HolidayKind.Compensatory));
                off.Add(compensation);
            }

            holidays.Sort((a, b) => a.Date.CompareTo(b.Date));
            off.RemoveWhere(IsWeekend);
            return new YearDays(schedule, holidays.AsReadOnly(), off, swapped);
        }

        /// <summary>The days art. 112.1 names, by the default rule.</summary>
        private static Dictionary<HolidayOccasion, DateOnly[]> LawDays(int year)
        {
            // Tết by default: lunar New Year's Eve (last day of month 12, 29th or 30th) and 1/1 to 4/1.
            var tet = LunarCalendar.ToSolar(new LunarDate(year, 1, 1, false));
            return new Dictionary<HolidayOccasion, DateOnly[]>
            {
                [HolidayOccasion.NewYearsDay] = [new DateOnly(year, 1, 1)],
                [HolidayOccasion.LunarNewYear] = [.. Enumerable.Range(-1, 5).Select(tet.AddDays)],
                [HolidayOccasion.HungKingsCommemoration] = [LunarCalendar.ToSolar(new LunarDate(year, 3, 10, false))],
                [HolidayOccasion.ReunificationDay] = [new DateOnly(year, 4, 30)],
                [HolidayOccasion.LabourDay] = [new DateOnly(year, 5, 1)],
                // The law gives 2/9 "and one day before or after"; the default takes the day before, 1/9,
                // as the government has done in most years. An official schedule overrides it.
                [HolidayOccasion.NationalDay] = [new DateOnly(year, 9, 1), new DateOnly(year, 9, 2)],
            };
        }

        private static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
    }
}
