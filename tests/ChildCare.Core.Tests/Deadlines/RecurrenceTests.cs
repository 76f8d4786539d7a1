using ChildCare.Core.Deadlines;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class RecurrenceTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static List<DateOnly> Dues(string recurrence, DateOnly first, DateOnly last) =>
        Recurrence.Parse(recurrence).Between(first, last).Select(s => s.Due).ToList();

    [Theory]
    [InlineData("yearly 15/11", typeof(Recurrence.Yearly))]
    [InlineData("yearly 20/05, 20/11", typeof(Recurrence.Yearly))]
    [InlineData("monthly 25", typeof(Recurrence.Monthly))]
    [InlineData("monthly last", typeof(Recurrence.Monthly))]
    [InlineData("quarterly last", typeof(Recurrence.Quarterly))]
    [InlineData("quarterly 20", typeof(Recurrence.Quarterly))]
    [InlineData("weekly fri", typeof(Recurrence.Weekly))]
    [InlineData("once 2023-03-20", typeof(Recurrence.Once))]
    [InlineData("within-quarter 2024-Q3", typeof(Recurrence.WithinQuarter))]
    [InlineData("lunar-yearly 15/08", typeof(Recurrence.LunarYearly))]
    [InlineData("range 01/06-30/06", typeof(Recurrence.YearlyRange))]
    public void Parse_RoundTripsThroughToString_WhenTextIsCanonical(string text, Type kind)
    {
        var parsed = Recurrence.Parse(text);

        Assert.IsType(kind, parsed);
        Assert.Equal(text, parsed.ToString());
        Assert.Equal(parsed, Recurrence.Parse(parsed.ToString()));
    }

    [Theory]
    [InlineData("Yearly 20/11,5/9", "yearly 05/09, 20/11")]
    [InlineData("WEEKLY Fri", "weekly fri")]
    [InlineData("monthly   LAST ", "monthly last")]
    [InlineData("within-quarter 2024-q3", "within-quarter 2024-Q3")]
    [InlineData("range 1/6 - 30/6", "range 01/06-30/06")]
    [InlineData("lunar-yearly 1/1", "lunar-yearly 01/01")]
    public void Parse_WritesCanonicalText_WhenInputIsLoose(string text, string canonical) =>
        Assert.Equal(canonical, Recurrence.Parse(text).ToString());

    [Theory]
    [InlineData("yearly 31/02")]
    [InlineData("yearly 15/13")]
    [InlineData("yearly")]
    [InlineData("")]
    [InlineData("weekly xyz")]
    [InlineData("monthly 32")]
    [InlineData("monthly 0")]
    [InlineData("quarterly first")]
    [InlineData("once 2023-02-30")]
    [InlineData("once 20/03/2023")]
    [InlineData("within-quarter 2024-Q5")]
    [InlineData("within-quarter 2024")]
    [InlineData("lunar-yearly 31/08")]
    [InlineData("lunar-yearly 15/08, 16/08")]
    [InlineData("range 30/06-01/06")]
    [InlineData("range 01/06")]
    [InlineData("fortnightly mon")]
    public void Parse_ThrowsWithMessageNamingInput_WhenTextIsNotARecurrence(string text)
    {
        var error = Assert.Throws<FormatException>(() => Recurrence.Parse(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected e.g.", error.Message, StringComparison.Ordinal);
        Assert.False(Recurrence.TryParse(text, out _, out var problem));
        Assert.Equal(error.Message, problem);
    }

    [Fact]
    public void Parse_AcceptsLeapDay_AndFallsOn28FebInCommonYears()
    {
        Assert.Equal([D(2024, 2, 29), D(2025, 2, 28)], Dues("yearly 29/02", D(2024, 1, 1), D(2025, 12, 31)));
    }

    [Fact]
    public void Between_ListsBothDaysEachYear_WhenYearlyHasTwoDates()
    {
        Assert.Equal(
            [D(2025, 5, 20), D(2025, 11, 20), D(2026, 5, 20)],
            Dues("yearly 20/11, 20/05", D(2025, 1, 1), D(2026, 6, 30)));
    }

    [Fact]
    public void Between_IncludesBothBounds_WhenADueDateFallsOnThem()
    {
        Assert.Equal([D(2025, 11, 15), D(2026, 11, 15)], Dues("yearly 15/11", D(2025, 11, 15), D(2026, 11, 15)));
        Assert.Empty(Dues("yearly 15/11", D(2025, 11, 16), D(2026, 11, 14)));
    }

    [Fact]
    public void Between_GivesLastDayOfFebruary_WhenMonthlyLastInLeapAndCommonYears()
    {
        var dues = Dues("monthly last", D(2024, 1, 15), D(2025, 3, 31));

        Assert.Equal(15, dues.Count);
        Assert.All(dues, d => Assert.Equal(DateTime.DaysInMonth(d.Year, d.Month), d.Day));
        Assert.Contains(D(2024, 2, 29), dues);
        Assert.Contains(D(2025, 2, 28), dues);
    }

    [Fact]
    public void Between_ClampsToMonthEnd_WhenMonthlyDayIsPastShortMonths()
    {
        Assert.Equal(
            [D(2025, 1, 31), D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30)],
            Dues("monthly 31", D(2025, 1, 1), D(2025, 4, 30)));
    }

    [Fact]
    public void Between_GivesLastDayOfEachQuarter_WhenQuarterlyLast()
    {
        Assert.Equal(
            [D(2025, 3, 31), D(2025, 6, 30), D(2025, 9, 30), D(2025, 12, 31)],
            Dues("quarterly last", D(2025, 1, 1), D(2025, 12, 31)));
        Assert.Equal([D(2025, 6, 20), D(2025, 9, 20)], Dues("quarterly 20", D(2025, 4, 1), D(2025, 9, 30)));
    }

    [Fact]
    public void Between_GivesEveryFriday_WhenWeeklyFri()
    {
        Assert.Equal(
            [D(2025, 1, 3), D(2025, 1, 10), D(2025, 1, 17), D(2025, 1, 24), D(2025, 1, 31)],
            Dues("weekly fri", D(2025, 1, 1), D(2025, 1, 31)));
        Assert.Equal([D(2025, 1, 3)], Dues("weekly fri", D(2025, 1, 3), D(2025, 1, 9)));
    }

    [Fact]
    public void Between_GivesTheDateOnlyWhenInside_WhenOnce()
    {
        Assert.Equal([D(2023, 3, 20)], Dues("once 2023-03-20", D(2023, 1, 1), D(2023, 12, 31)));
        Assert.Empty(Dues("once 2023-03-20", D(2023, 3, 21), D(2024, 12, 31)));
    }

    [Fact]
    public void Between_GivesLastDayOfQuarter_WhenWithinQuarter()
    {
        var recurrence = Assert.IsType<Recurrence.WithinQuarter>(Recurrence.Parse("within-quarter 2024-Q3"));

        Assert.Equal([D(2024, 9, 30)], Dues("within-quarter 2024-Q3", D(2024, 1, 1), D(2030, 12, 31)));
        Assert.Equal(D(2024, 7, 1), recurrence.First);
        Assert.Empty(Dues("within-quarter 2024-Q3", D(2024, 10, 1), D(2030, 12, 31)));
    }

    [Fact]
    public void Between_GivesMidAutumn_WhenLunarYearly15Of8()
    {
        var recurrence = Recurrence.Parse("lunar-yearly 15/08");

        Assert.True(recurrence.IsLunar);
        Assert.Equal(
            [D(2024, 9, 17), D(2025, 10, 6), D(2026, 9, 25), D(2027, 9, 15), D(2028, 10, 3)],
            Dues("lunar-yearly 15/08", D(2024, 1, 1), D(2028, 12, 31)));
    }

    [Fact]
    public void Between_GivesTet_WhenLunarYearly1Of1()
    {
        // Tết 2025 was 29/01, Tết 2026 is 17/02 (DOMAIN.md).
        Assert.Equal([D(2025, 1, 29), D(2026, 2, 17)], Dues("lunar-yearly 01/01", D(2025, 1, 1), D(2026, 12, 31)));
    }

    [Fact]
    public void Between_GivesPeriodWithEnd_WhenRange()
    {
        var slots = Recurrence.Parse("range 01/06-30/06").Between(D(2025, 1, 1), D(2026, 5, 31)).ToList();

        Assert.Equal([new Recurrence.Slot(D(2025, 6, 1), D(2025, 6, 30))], slots);
        Assert.All(Recurrence.Parse("yearly 01/06").Between(D(2025, 1, 1), D(2025, 12, 31)), s => Assert.Null(s.End));
    }
}
