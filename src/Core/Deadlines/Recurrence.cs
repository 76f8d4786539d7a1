using System.Globalization;
using ChildCare.Core.Calendar;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// When a rule falls due, written as one short line an administrator can read and type:
/// <list type="bullet">
/// <item><c>yearly 15/11</c>, <c>yearly 20/05, 20/11</c> (fixed days every year)</item>
/// <item><c>monthly 25</c>, <c>monthly last</c></item>
/// <item><c>quarterly last</c>, <c>quarterly 20</c> (day of the last month of each quarter)</item>
/// <item><c>weekly fri</c></item>
/// <item><c>once 2023-03-20</c></item>
/// <item><c>within-quarter 2024-Q3</c> (due the last day of that quarter)</item>
/// <item><c>lunar-yearly 15/08</c> (a lunar date every year)</item>
/// <item><c>range 01/06-30/06</c> (a yearly period, e.g. Action Month; due on its first day)</item>
/// </list>
/// </summary>
public abstract record Recurrence
{
    /// <summary>Typical days between occurrences; lead times that long or longer would overlap the previous one.</summary>
    public abstract int PeriodDays { get; }

    /// <summary>Whether the due dates are lunar (the lunar date is shown beside the solar one).</summary>
    public virtual bool IsLunar => false;

    /// <summary>Due dates lies in [<paramref name="first"/>, <paramref name="last"/>], in date order.</summary>
    public abstract IEnumerable<Slot> Between(DateOnly first, DateOnly last);

    /// <summary>The canonical text, which <see cref="Parse"/> reads back.</summary>
    public abstract override string ToString();

    /// <summary>One due date (and for a period, its last day).</summary>
    public readonly record struct Slot(DateOnly Due, DateOnly? End = null);

    public static Recurrence Parse(string text) =>
        TryParse(text, out var recurrence, out var problem) ? recurrence : throw new FormatException(problem);

    public static bool TryParse(string? text, out Recurrence recurrence, out string problem)
    {
        recurrence = null!;
        problem = "";
        var parts = (text ?? "").Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            problem = $"'{text}' is not a recurrence; expected e.g. 'yearly 15/11', 'monthly last', 'weekly fri', 'once 2023-03-20', 'within-quarter 2024-Q3', 'lunar-yearly 15/08' or 'range 01/06-30/06'.";
            return false;
        }

        var (kind, rest) = (parts[0].ToLowerInvariant(), parts[1]);
        Recurrence? parsed = kind switch
        {
            "yearly" => ParseDayMonths(rest) is { Count: > 0 } days ? new Yearly(days) : null,
            "monthly" => ParseDayOfMonth(rest) is { } day ? new Monthly(day) : null,
            "quarterly" => ParseDayOfMonth(rest) is { } qday ? new Quarterly(qday) : null,
            "weekly" => ParseWeekday(rest) is { } weekday ? new Weekly(weekday) : null,
            "once" => DateOnly.TryParseExact(rest, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? new Once(date) : null,
            "within-quarter" => ParseQuarter(rest) is { } quarter ? new WithinQuarter(quarter.Year, quarter.Quarter) : null,
            "lunar-yearly" => ParseDayMonths(rest) is [var lunar] && lunar.Day <= 30 ? new LunarYearly(lunar) : null,
            "range" => ParseRange(rest) is { } range ? new YearlyRange(range.First, range.Last) : null,
            _ => null,
        };

        if (parsed is null)
        {
            problem = $"'{text}' is not a recurrence I can read; expected e.g. 'yearly 15/11', 'monthly last', 'weekly fri', 'once 2023-03-20', 'within-quarter 2024-Q3', 'lunar-yearly 15/08' or 'range 01/06-30/06'.";
            return false;
        }

        recurrence = parsed;
        return true;
    }

    /// <summary>A day and month (Vietnamese order: day first).</summary>
    public readonly record struct DayMonth(int Day, int Month)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Day:00}/{Month:00}");

        /// <summary>This day in <paramref name="year"/>; 29/02 falls on 28/02 in common years.</summary>
        public DateOnly In(int year) => new(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month)));
    }

    private static List<DayMonth>? ParseDayMonths(string text)
    {
        var result = new List<DayMonth>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseDayMonth(part) is not { } day)
            {
                return null;
            }

            result.Add(day);
        }

        return result.Distinct().OrderBy(d => d.Month).ThenBy(d => d.Day).ToList();
    }

    private static DayMonth? ParseDayMonth(string text)
    {
        var bits = text.Split('/');
        if (bits.Length == 2
            && int.TryParse(bits[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && int.TryParse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month))
        {
            return new DayMonth(day, month);
        }

        return null;
    }

    private static int? ParseDayOfMonth(string text) =>
        text.Equals("last", StringComparison.OrdinalIgnoreCase) ? 0
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && day is >= 1 and <= 31 ? day
        : null;

    private static readonly int[] QuarterEnds = [3, 6, 9, 12];

    private static readonly string[] WeekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private static DayOfWeek? ParseWeekday(string text)
    {
        var index = Array.IndexOf(WeekdayNames, text.ToLowerInvariant());
        return index < 0 ? null : (DayOfWeek)index;
    }

    private static (int Year, int Quarter)? ParseQuarter(string text)
    {
        var bits = text.ToUpperInvariant().Split("-Q");
        return bits.Length == 2
            && int.TryParse(bits[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2100
            && int.TryParse(bits[1], NumberStyles.None, CultureInfo.InvariantCulture, out var quarter) && quarter is >= 1 and <= 4
            ? (year, quarter)
            : null;
    }

    private static (DayMonth First, DayMonth Last)? ParseRange(string text)
    {
        var bits = text.Split('-', StringSplitOptions.TrimEntries);
        return bits.Length == 2 && ParseDayMonth(bits[0]) is { } first && ParseDayMonth(bits[1]) is { } last
            && (last.Month, last.Day).CompareTo((first.Month, first.Day)) >= 0
            ? (first, last)
            : null;
    }

    private static IEnumerable<int> Years(DateOnly from, DateOnly to) => Enumerable.Range(from.Year, Math.Max(0, to.Year - from.Year + 1));

    private static string DayOfMonthText(int day) => day == 0 ? "last" : day.ToString(CultureInfo.InvariantCulture);

    private static DateOnly DayOfMonth(int year, int month, int day) =>
        new(year, month, day == 0 ? DateTime.DaysInMonth(year, month) : Math.Min(day, DateTime.DaysInMonth(year, month)));

    public sealed record Yearly(IReadOnlyList<DayMonth> Days) : Recurrence
    {
        public override int PeriodDays => 365 / Days.Count;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last) =>
            Years(first, last).SelectMany(y => Days.Select(d => d.In(y))).Where(d => d >= first && d <= last).Select(d => new Slot(d));

        public override string ToString() => "yearly " + string.Join(", ", Days);

        public bool Equals(Yearly? other) => other is not null && Days.SequenceEqual(other.Days);

        public override int GetHashCode() => Days.Aggregate(0, HashCode.Combine);
    }

    /// <summary>Day 0 is the month's last day.</summary>
    public sealed record Monthly(int Day) : Recurrence
    {
        // The shortest month: lead times must fit between two due dates in February too.
        public override int PeriodDays => 28;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last)
        {
            for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
            {
                var due = DayOfMonth(month.Year, month.Month, Day);
                if (due >= first && due <= last)
                {
                    yield return new Slot(due);
                }
            }
        }

        public override string ToString() => "monthly " + DayOfMonthText(Day);
    }

    /// <summary>Day <see cref="Day"/> (0: the last) of the last month of each quarter.</summary>
    public sealed record Quarterly(int Day) : Recurrence
    {
        public override int PeriodDays => 91;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last) =>
            Years(first, last).SelectMany(y => QuarterEnds.Select(m => DayOfMonth(y, m, Day)))
                .Where(d => d >= first && d <= last).Select(d => new Slot(d));

        public override string ToString() => "quarterly " + DayOfMonthText(Day);
    }

    public sealed record Weekly(DayOfWeek Weekday) : Recurrence
    {
        public override int PeriodDays => 7;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last)
        {
            var start = first.AddDays(((int)Weekday - (int)first.DayOfWeek + 7) % 7);
            for (var day = start; day <= last; day = day.AddDays(7))
            {
                yield return new Slot(day);
            }
        }

        public override string ToString() => "weekly " + WeekdayNames[(int)Weekday];
    }

    public sealed record Once(DateOnly Date) : Recurrence
    {
        public override int PeriodDays => int.MaxValue;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last) =>
            Date >= first && Date <= last ? [new Slot(Date)] : [];

        public override string ToString() => "once " + Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Work to finish within a quarter: due on its last day, the period shown from its first.</summary>
    public sealed record WithinQuarter(int Year, int Quarter) : Recurrence
    {
        public override int PeriodDays => int.MaxValue;

        public DateOnly First => new(Year, (Quarter * 3) - 2, 1);

        public DateOnly Last => DayOfMonth(Year, Quarter * 3, 0);

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last) =>
            Last >= first && Last <= last ? [new Slot(Last)] : [];

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"within-quarter {Year}-Q{Quarter}");
    }

    /// <summary>
    /// A lunar day every lunar year (never in a leap month). A 30th in a month of 29 days falls on the 29th.
    /// </summary>
    public sealed record LunarYearly(DayMonth LunarDay) : Recurrence
    {
        public override int PeriodDays => 354;

        public override bool IsLunar => true;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last)
        {
            var firstYear = Math.Max(LunarCalendar.FirstYear, first.Year - 1);
            var lastYear = Math.Min(LunarCalendar.LastYear - 1, last.Year);
            for (var year = firstYear; year <= lastYear; year++)
            {
                var day = Math.Min(LunarDay.Day, LunarCalendar.DaysInMonth(year, LunarDay.Month, leap: false));
                var due = LunarCalendar.ToSolar(new LunarDate(year, LunarDay.Month, day, false));
                if (due >= first && due <= last)
                {
                    yield return new Slot(due);
                }
            }
        }

        public override string ToString() => "lunar-yearly " + LunarDay;
    }

    /// <summary>A period every year, e.g. Action Month 01/06-30/06: due on its first day.</summary>
    public sealed record YearlyRange(DayMonth First, DayMonth Last) : Recurrence
    {
        public override int PeriodDays => 365;

        public override IEnumerable<Slot> Between(DateOnly first, DateOnly last) =>
            Years(first, last).Select(y => new Slot(First.In(y), Last.In(y))).Where(o => o.Due >= first && o.Due <= last);

        public override string ToString() => $"range {First}-{Last}";
    }
}
