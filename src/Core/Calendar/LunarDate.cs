using System.Globalization;

namespace ChildCare.Core.Calendar;

/// <summary>
/// A date of the Vietnamese lunar calendar (âm lịch). <see cref="Year"/> is the lunar year that starts at
/// Tết, so the last weeks of a solar January usually belong to the previous lunar year.
/// </summary>
public readonly record struct LunarDate(int Year, int Month, int Day, bool IsLeapMonth)
{
    /// <summary>Shape only: month 1-12 and day 1-30. Whether the date exists that year is
    /// <see cref="LunarCalendar.IsValid"/>'s question.</summary>
    public bool IsWellFormed => Month is >= 1 and <= 12 && Day is >= 1 and <= 30;

    /// <summary>True when the date exists in the supported range of <see cref="LunarCalendar"/>.</summary>
    public bool Exists => LunarCalendar.IsValid(this);

    /// <summary>The way Vietnamese write it: day/month/year, "nhuận" after a leap month.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Day}/{Month}{(IsLeapMonth ? " nhuận" : string.Empty)}/{Year}");
}
