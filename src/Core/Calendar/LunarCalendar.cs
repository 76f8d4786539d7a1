using System.Globalization;

namespace ChildCare.Core.Calendar;

/// <summary>
/// Converts between solar (Gregorian) dates and the Vietnamese lunar calendar, computed at UTC+7.
/// Never use .NET's <c>ChineseLunisolarCalendar</c> instead: it reckons at UTC+8 and disagrees with
/// Vietnam in some years (Tết 1985, 2007, 2030...).
/// </summary>
/// <remarks>
/// Supported: solar dates 1900-01-01 to 2100-12-31 and lunar years 1900 to 2100 (plus months 11 and 12 of
/// lunar 1899, which hold the first weeks of solar 1900). The astronomy runs once, when the class is first
/// used, to build a table of every month; after that a conversion is an array look-up.
/// </remarks>
public static class LunarCalendar
{
    public const int FirstYear = 1900;
    public const int LastYear = 2100;

    public static readonly DateOnly FirstSolarDate = new(FirstYear, 1, 1);
    public static readonly DateOnly LastSolarDate = new(LastYear, 12, 31);

    private static readonly MonthTable Table = MonthTable.Build();

    /// <summary>The lunar date of a solar day.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The date is outside 1900-2100.</exception>
    public static LunarDate ToLunar(DateOnly date)
    {
        if (date < FirstSolarDate || date > LastSolarDate)
        {
            throw new ArgumentOutOfRangeException(nameof(date), date,
                string.Create(CultureInfo.InvariantCulture, $"The solar date {date:yyyy-MM-dd} is outside the supported range {FirstSolarDate:yyyy-MM-dd} to {LastSolarDate:yyyy-MM-dd}."));
        }

        var month = Table.MonthContaining(date.DayNumber);
        return new LunarDate(month.Year, month.Month, date.DayNumber - month.FirstDay.DayNumber + 1, month.IsLeap);
    }

    /// <summary>The solar day of a lunar date.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The lunar year is outside the supported range.</exception>
    /// <exception cref="ArgumentException">The date does not exist (day 30 of a 29-day month, a leap month
    /// the year does not have, ...).</exception>
    public static DateOnly ToSolar(LunarDate date)
    {
        if (TryToSolar(date, out var solar))
        {
            return solar;
        }

        CheckYear(date.Year, nameof(date), allowLastMonthsOf1899: true);
        if (date.IsWellFormed && Table.Find(date.Year, date.Month, leap: false) is null)
        {
            // Only months 11 and 12 of lunar 1899 are in the table.
            throw new ArgumentOutOfRangeException(nameof(date), date,
                string.Create(CultureInfo.InvariantCulture, $"The lunar date {date} is outside the supported range (lunar years {FirstYear} to {LastYear})."));
        }

        throw new ArgumentException(WhyInvalid(date), nameof(date));
    }

    /// <summary>False when the lunar date does not exist or is outside the supported range.</summary>
    public static bool TryToSolar(LunarDate date, out DateOnly solar)
    {
        var month = Table.Find(date.Year, date.Month, date.IsLeapMonth);
        if (month is null || date.Day < 1 || date.Day > month.Days)
        {
            solar = default;
            return false;
        }

        solar = month.FirstDay.AddDays(date.Day - 1);
        return true;
    }

    /// <summary>True when the lunar date exists within the supported range.</summary>
    public static bool IsValid(LunarDate date) => TryToSolar(date, out _);

    /// <summary>The leap month of a lunar year (for example 6 in 2025), or null in a 12-month year.</summary>
    public static int? LeapMonth(int lunarYear)
    {
        CheckYear(lunarYear, nameof(lunarYear), allowLastMonthsOf1899: false);
        foreach (var month in Table.MonthsOf(lunarYear))
        {
            if (month.IsLeap)
            {
                return month.Month;
            }
        }

        return null;
    }

    /// <summary>29 or 30.</summary>
    /// <exception cref="ArgumentException">The year has no such month (for example a leap month it lacks).</exception>
    public static int DaysInMonth(int year, int month, bool leap)
    {
        CheckYear(year, nameof(year), allowLastMonthsOf1899: true);
        var found = Table.Find(year, month, leap) ?? throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"Lunar year {year} has no {(leap ? "leap " : string.Empty)}month {month}."),
            nameof(month));
        return found.Days;
    }

    /// <summary>The 12 or 13 months of a lunar year in order; a leap month follows the month it repeats.</summary>
    public static IReadOnlyList<LunarMonth> MonthsOf(int lunarYear)
    {
        CheckYear(lunarYear, nameof(lunarYear), allowLastMonthsOf1899: false);
        return Array.AsReadOnly(Table.MonthsOf(lunarYear));
    }

    private static string WhyInvalid(LunarDate date)
    {
        if (!date.IsWellFormed)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"The lunar date {date} is not a date: the month must be 1-12 and the day 1-30.");
        }

        var month = Table.Find(date.Year, date.Month, date.IsLeapMonth);
        if (month is null)
        {
            return date.IsLeapMonth
                ? string.Create(CultureInfo.InvariantCulture, $"Lunar year {date.Year} has no leap month {date.Month}.")
                : string.Create(CultureInfo.InvariantCulture, $"The lunar date {date} is outside the supported range.");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"Lunar month {date.Month}{(date.IsLeapMonth ? " (leap)" : string.Empty)} of {date.Year} has {month.Days} days, so {date} does not exist.");
    }

    private static void CheckYear(int year, string parameter, bool allowLastMonthsOf1899)
    {
        var first = allowLastMonthsOf1899 ? FirstYear - 1 : FirstYear;
        if (year < first || year > LastYear)
        {
            throw new ArgumentOutOfRangeException(parameter, year,
                string.Create(CultureInfo.InvariantCulture, $"The lunar year {year} is outside the supported range {FirstYear} to {LastYear}."));
        }
    }

    /// <summary>Every lunar month from 11/1899 to 12/2100, indexed both by first day and by lunar year.</summary>
    private sealed class MonthTable(int[] firstDays, LunarMonth[] months, Dictionary<int, LunarMonth[]> byYear)
    {
        public static MonthTable Build()
        {
            var months = new List<LunarMonth>(2600);
            // Cycle of solar year y: from the month-11 new moon of y-1 to that of y (12 or 13 months).
            var start = LunarAstronomy.Month11Index(FirstYear - 1);
            for (var y = FirstYear; y <= LastYear + 1; y++)
            {
                var end = LunarAstronomy.Month11Index(y);
                AddCycle(months, y, start, end);
                start = end;
            }

            months.RemoveAll(m => m.Year > LastYear);
            var byYear = months.GroupBy(m => m.Year).ToDictionary(g => g.Key, g => g.ToArray());
            return new MonthTable([.. months.Select(m => m.FirstDay.DayNumber)], [.. months], byYear);
        }

        public LunarMonth MonthContaining(int dayNumber)
        {
            var i = Array.BinarySearch(firstDays, dayNumber);
            return months[i >= 0 ? i : ~i - 1];
        }

        public LunarMonth? Find(int year, int month, bool leap)
        {
            if (!byYear.TryGetValue(year, out var list))
            {
                return null;
            }

            foreach (var m in list)
            {
                if (m.Month == month && m.IsLeap == leap)
                {
                    return m;
                }
            }

            return null;
        }

        public LunarMonth[] MonthsOf(int year) => byYear[year];

        private static void AddCycle(List<LunarMonth> months, int solarYear, int firstIndex, int endIndex)
        {
            var count = endIndex - firstIndex;
            if (count is not (12 or 13))
            {
                throw new InvalidOperationException($"The lunar cycle ending in {solarYear} has {count} months.");
            }

            var starts = new int[count + 1];
            for (var j = 0; j <= count; j++)
            {
                starts[j] = LunarAstronomy.NewMoonDay(firstIndex + j);
            }

            // In a 13-month cycle the leap month is the first one after month 11 that holds no major solar
            // term: the sun is in the same sector when it starts as when the next month starts.
            var leap = -1;
            if (count == 13)
            {
                for (var j = 1; j < count && leap < 0; j++)
                {
                    if (LunarAstronomy.SunSector(starts[j]) == LunarAstronomy.SunSector(starts[j + 1]))
                    {
                        leap = j;
                    }
                }

                if (leap < 0)
                {
                    throw new InvalidOperationException($"The 13-month lunar cycle ending in {solarYear} has no month without a major term.");
                }
            }

            for (var j = 0; j < count; j++)
            {
                var raw = leap >= 0 && j >= leap ? 10 + j : 11 + j; // 11, 12, 13 (= 1 of the next year), ...
                var year = raw <= 12 ? solarYear - 1 : solarYear;
                var month = raw <= 12 ? raw : raw - 12;
                months.Add(new LunarMonth(
                    year,
                    month,
                    j == leap,
                    LunarAstronomy.FromJulianDayNumber(starts[j]),
                    starts[j + 1] - starts[j]));
            }
        }
    }
}
