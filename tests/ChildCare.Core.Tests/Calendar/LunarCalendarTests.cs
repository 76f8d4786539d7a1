using ChildCare.Core.Calendar;

namespace ChildCare.Core.Tests.Calendar;

public sealed class LunarCalendarTests
{
    // Tết (lunar 1/1) as published in Vietnamese calendars. 1968, 1985, 2007 and 2030 are years where
    // Vietnam (UTC+7) and China (UTC+8) disagree; the Chinese date is in the comment.
    [Theory]
    [InlineData(1968, "1968-01-29")] // China 1968-01-30: Tết Mậu Thân came a day earlier in the North
    [InlineData(1985, "1985-01-21")] // China 1985-02-20
    [InlineData(2000, "2000-02-05")]
    [InlineData(2001, "2001-01-24")]
    [InlineData(2002, "2002-02-12")]
    [InlineData(2003, "2003-02-01")]
    [InlineData(2004, "2004-01-22")]
    [InlineData(2005, "2005-02-09")]
    [InlineData(2006, "2006-01-29")]
    [InlineData(2007, "2007-02-17")] // China 2007-02-18
    [InlineData(2008, "2008-02-07")]
    [InlineData(2009, "2009-01-26")]
    [InlineData(2010, "2010-02-14")]
    [InlineData(2011, "2011-02-03")]
    [InlineData(2012, "2012-01-23")]
    [InlineData(2013, "2013-02-10")]
    [InlineData(2014, "2014-01-31")]
    [InlineData(2015, "2015-02-19")]
    [InlineData(2016, "2016-02-08")]
    [InlineData(2017, "2017-01-28")]
    [InlineData(2018, "2018-02-16")]
    [InlineData(2019, "2019-02-05")]
    [InlineData(2020, "2020-01-25")]
    [InlineData(2021, "2021-02-12")]
    [InlineData(2022, "2022-02-01")]
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    [InlineData(2029, "2029-02-13")]
    [InlineData(2030, "2030-02-02")] // China 2030-02-03
    public void ToSolar_ReturnsPublishedTet_WhenGivenLunarNewYear(int year, string tet)
    {
        var expected = DateOnly.Parse(tet, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(expected, LunarCalendar.ToSolar(new LunarDate(year, 1, 1, false)));
        Assert.Equal(new LunarDate(year, 1, 1, false), LunarCalendar.ToLunar(expected));
        Assert.Equal(year - 1, LunarCalendar.ToLunar(expected.AddDays(-1)).Year);
        Assert.Equal(12, LunarCalendar.ToLunar(expected.AddDays(-1)).Month);
    }

    [Theory]
    [InlineData(2024, "2024-09-17")]
    [InlineData(2025, "2025-10-06")]
    [InlineData(2026, "2026-09-25")]
    [InlineData(2027, "2027-09-15")]
    [InlineData(2028, "2028-10-03")]
    [InlineData(2029, "2029-09-22")]
    [InlineData(2030, "2030-09-12")]
    public void ToLunar_ReturnsMidAutumn_OnPublishedDates(int year, string date)
    {
        var solar = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(new LunarDate(year, 8, 15, false), LunarCalendar.ToLunar(solar));
        Assert.Equal(solar, LunarCalendar.ToSolar(new LunarDate(year, 8, 15, false)));
    }

    [Theory]
    [InlineData(1985, 2)] // Vietnam only; China's 1984 had a leap 10th month instead
    [InlineData(2014, 9)]
    [InlineData(2017, 6)]
    [InlineData(2020, 4)]
    [InlineData(2023, 2)]
    [InlineData(2025, 6)]
    [InlineData(2028, 5)]
    public void LeapMonth_ReturnsPublishedLeapMonth_WhenYearHasThirteenMonths(int year, int leapMonth)
    {
        Assert.Equal(leapMonth, LunarCalendar.LeapMonth(year));
        Assert.Equal(13, LunarCalendar.MonthsOf(year).Count);
    }

    [Theory]
    [InlineData(1984)]
    [InlineData(2024)]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2029)]
    [InlineData(2030)]
    public void LeapMonth_ReturnsNull_WhenYearHasTwelveMonths(int year)
    {
        Assert.Null(LunarCalendar.LeapMonth(year));
        Assert.Equal(12, LunarCalendar.MonthsOf(year).Count);
    }

    [Fact]
    public void ToSolar_DistinguishesLeapMonth_WhenMonthIsRepeated()
    {
        Assert.Equal(new DateOnly(2025, 6, 25), LunarCalendar.ToSolar(new LunarDate(2025, 6, 1, false)));
        Assert.Equal(new DateOnly(2025, 7, 25), LunarCalendar.ToSolar(new LunarDate(2025, 6, 1, true)));
        Assert.Equal(new LunarDate(2025, 6, 1, true), LunarCalendar.ToLunar(new DateOnly(2025, 7, 25)));
    }

    [Fact]
    public void MonthsOf_PutsLeapMonthAfterTheMonthItRepeats_WhenYearHasLeapMonth()
    {
        var months = LunarCalendar.MonthsOf(2025);

        Assert.Equal([1, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12], months.Select(m => m.Month));
        Assert.Equal(6, months.Select((m, i) => (m, i)).Single(x => x.m.IsLeap).i);
    }

    [Fact]
    public void ToLunar_FollowsVietnamNotChina_In1985()
    {
        // China's Tết 1985 (20 February) is the first day of Vietnam's 2nd month.
        Assert.Equal(new LunarDate(1985, 2, 1, false), LunarCalendar.ToLunar(new DateOnly(1985, 2, 20)));
    }

    [Fact]
    public void TryToSolar_ReturnsFalse_WhenDayThirtyInTwentyNineDayMonth()
    {
        Assert.Equal(29, LunarCalendar.DaysInMonth(2024, 12, false));
        Assert.True(LunarCalendar.TryToSolar(new LunarDate(2024, 12, 29, false), out var eve));
        Assert.Equal(new DateOnly(2025, 1, 28), eve);
        Assert.False(LunarCalendar.TryToSolar(new LunarDate(2024, 12, 30, false), out _));
        Assert.Throws<ArgumentException>(() => LunarCalendar.ToSolar(new LunarDate(2024, 12, 30, false)));
    }

    [Theory]
    [InlineData(2024, 6, 1, true)] // 2024 has no leap month
    [InlineData(2025, 7, 1, true)] // 2025's leap month is the 6th
    [InlineData(2025, 13, 1, false)]
    [InlineData(2025, 0, 1, false)]
    [InlineData(2025, 1, 0, false)]
    [InlineData(2025, 1, 31, false)]
    public void TryToSolar_ReturnsFalse_WhenDateDoesNotExist(int year, int month, int day, bool leap)
    {
        var date = new LunarDate(year, month, day, leap);

        Assert.False(LunarCalendar.TryToSolar(date, out _));
        Assert.False(LunarCalendar.IsValid(date));
        var error = Assert.Throws<ArgumentException>(() => LunarCalendar.ToSolar(date));
        Assert.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToLunar_Throws_WhenOutsideSupportedRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToLunar(new DateOnly(1899, 12, 31)));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToLunar(new DateOnly(2101, 1, 1)));
        Assert.Contains("2101-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSolar_Throws_WhenLunarYearOutsideSupportedRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(new LunarDate(2101, 1, 1, false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.ToSolar(new LunarDate(1899, 1, 1, false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.LeapMonth(1899));
        Assert.Throws<ArgumentOutOfRangeException>(() => LunarCalendar.MonthsOf(2101));
    }

    [Fact]
    public void ToLunar_IsCoveredAtBothEnds_OfSupportedRange()
    {
        Assert.Equal(LunarCalendar.FirstSolarDate, LunarCalendar.ToSolar(LunarCalendar.ToLunar(LunarCalendar.FirstSolarDate)));
        Assert.Equal(LunarCalendar.LastSolarDate, LunarCalendar.ToSolar(LunarCalendar.ToLunar(LunarCalendar.LastSolarDate)));
        Assert.Equal(12, LunarCalendar.MonthsOf(LunarCalendar.LastYear)[^1].Month);
    }

    [Fact]
    public void ToLunar_RoundTripsAndAdvancesByOneDay_ForEveryDayOfSupportedRange()
    {
        var previous = LunarCalendar.ToLunar(LunarCalendar.FirstSolarDate);
        for (var day = LunarCalendar.FirstSolarDate.AddDays(1); day <= LunarCalendar.LastSolarDate; day = day.AddDays(1))
        {
            var lunar = LunarCalendar.ToLunar(day);
            Assert.Equal(day, LunarCalendar.ToSolar(lunar));
            if (lunar.Day == 1)
            {
                Assert.True(previous.Day is 29 or 30, $"The month before {day:yyyy-MM-dd} ended on day {previous.Day}.");
                Assert.Equal(LunarCalendar.DaysInMonth(previous.Year, previous.Month, previous.IsLeapMonth), previous.Day);
            }
            else
            {
                Assert.Equal(previous with { Day = previous.Day + 1 }, lunar);
            }

            previous = lunar;
        }
    }

    [Fact]
    public void MonthsOf_HasTwelveOrThirteenContiguousMonths_ForEveryYearOfSupportedRange()
    {
        var thirteenMonthYears = 0;
        for (var year = LunarCalendar.FirstYear; year <= LunarCalendar.LastYear; year++)
        {
            var months = LunarCalendar.MonthsOf(year);

            Assert.InRange(months.Count, 12, 13);
            Assert.All(months, m => Assert.True(m.Days is 29 or 30, $"{m.Month}/{m.Year} has {m.Days} days."));
            Assert.Equal(months.Count == 13 ? 1 : 0, months.Count(m => m.IsLeap));
            Assert.Equal(Enumerable.Range(1, 12), months.Where(m => !m.IsLeap).Select(m => m.Month));
            Assert.All(months.Zip(months.Skip(1)), pair => Assert.Equal(pair.First.LastDay.AddDays(1), pair.Second.FirstDay));
            if (months.Count == 13)
            {
                var leap = months.Single(m => m.IsLeap);
                Assert.Equal(leap.Month, LunarCalendar.LeapMonth(year));
                thirteenMonthYears++;
            }
        }

        // The Metonic cycle puts 7 leap years in every 19: about 74 in 201 years.
        Assert.InRange(thirteenMonthYears, 72, 76);
    }
}
