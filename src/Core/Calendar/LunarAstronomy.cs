namespace ChildCare.Core.Calendar;

/// <summary>
/// The astronomy behind the Vietnamese lunar calendar, after the published description of Hồ Ngọc Đức's
/// "Thuật toán tính âm lịch": mean new moons corrected with the periodic terms of Meeus' "Astronomical
/// Formulae for Calculators", and the apparent longitude of the sun. Everything is reckoned at UTC+7
/// (meridian 105°E); that, not the method, is what makes the calendar Vietnamese rather than Chinese.
/// </summary>
internal static class LunarAstronomy
{
    /// <summary>Vietnam's official offset for calendar purposes; no daylight saving.</summary>
    public const double TimeZoneHours = 7.0;

    /// <summary>DateOnly.DayNumber counts days from 0001-01-01; the Julian day number of that day.</summary>
    public const int JulianDayOfDayNumberZero = 1_721_426;

    /// <summary>Mean synodic month in days.</summary>
    public const double SynodicMonth = 29.530588853;

    private const double Degrees = Math.PI / 180.0;

    public static int JulianDayNumber(DateOnly date) => date.DayNumber + JulianDayOfDayNumberZero;

    public static DateOnly FromJulianDayNumber(int jdn) => DateOnly.FromDayNumber(jdn - JulianDayOfDayNumberZero);

    /// <summary>Julian day number (local UTC+7 civil day) on which new moon <paramref name="k"/> happens.</summary>
    public static int NewMoonDay(int k) => (int)Math.Floor(NewMoonInstant(k) + 0.5 + (TimeZoneHours / 24.0));

    /// <summary>
    /// Which 30° sector (0-11) of ecliptic longitude the sun is in at local midnight starting the day
    /// <paramref name="jdn"/>. Each sector boundary is a major solar term (trung khí); sector 9 starts at the
    /// winter solstice (270°).
    /// </summary>
    public static int SunSector(int jdn) =>
        (int)Math.Floor(SunLongitude(jdn - 0.5 - (TimeZoneHours / 24.0)) / Math.PI * 6.0);

    /// <summary>
    /// Index of the new moon that starts lunar month 11 of a solar year: the month holding the December
    /// solstice of <paramref name="solarYear"/>.
    /// </summary>
    public static int Month11Index(int solarYear)
    {
        var lastDay = JulianDayNumber(new DateOnly(solarYear, 12, 31));
        var k = (int)Math.Floor((lastDay - 2415021) / SynodicMonth);
        // If the sun has already passed 270° when this month starts, the solstice fell in the month before.
        return SunSector(NewMoonDay(k)) >= 9 ? k - 1 : k;
    }

    /// <summary>Julian day (Universal Time, fractional) of true new moon <paramref name="k"/>.</summary>
    private static double NewMoonInstant(int k)
    {
        var t = k / 1236.85; // Julian centuries since 1900 January 0.5
        var t2 = t * t;
        var t3 = t2 * t;

        var mean = 2415020.75933 + (29.53058868 * k) + (0.0001178 * t2) - (0.000000155 * t3)
            + (0.00033 * Sin(166.56 + (132.87 * t) - (0.009173 * t2)));

        var sunAnomaly = 359.2242 + (29.10535608 * k) - (0.0000333 * t2) - (0.00000347 * t3);
        var moonAnomaly = 306.0253 + (385.81691806 * k) + (0.0107306 * t2) + (0.00001236 * t3);
        var latitudeArgument = 21.2964 + (390.67050646 * k) - (0.0016528 * t2) - (0.00000239 * t3);

        var m = sunAnomaly;
        var mp = moonAnomaly;
        var f = latitudeArgument;
        var correction =
            ((0.1734 - (0.000393 * t)) * Sin(m))
            + (0.0021 * Sin(2 * m))
            - (0.4068 * Sin(mp))
            + (0.0161 * Sin(2 * mp))
            - (0.0004 * Sin(3 * mp))
            + (0.0104 * Sin(2 * f))
            - (0.0051 * Sin(m + mp))
            - (0.0074 * Sin(m - mp))
            + (0.0004 * Sin((2 * f) + m))
            - (0.0004 * Sin((2 * f) - m))
            - (0.0006 * Sin((2 * f) + mp))
            + (0.0010 * Sin((2 * f) - mp))
            + (0.0005 * Sin((2 * mp) + m));

        // Terrestrial minus Universal time, in days: the series above is in dynamical time.
        var deltaT = t < -11
            ? 0.001 + (0.000839 * t) + (0.0002261 * t2) - (0.00000845 * t3) - (0.000000081 * t * t3)
            : -0.000278 + (0.000265 * t) + (0.000262 * t2);

        return mean + correction - deltaT;
    }

    /// <summary>Apparent ecliptic longitude of the sun in radians, in [0, 2π), at Julian day
    /// <paramref name="julianDay"/>.</summary>
    private static double SunLongitude(double julianDay)
    {
        var t = (julianDay - 2451545.0) / 36525; // Julian centuries since J2000.0
        var t2 = t * t;
        var meanAnomaly = 357.52910 + (35999.05030 * t) - (0.0001559 * t2) - (0.00000048 * t * t2);
        var meanLongitude = 280.46645 + (36000.76983 * t) + (0.0003032 * t2);
        var centre = ((1.914600 - (0.004817 * t) - (0.000014 * t2)) * Sin(meanAnomaly))
            + ((0.019993 - (0.000101 * t)) * Sin(2 * meanAnomaly))
            + (0.000290 * Sin(3 * meanAnomaly));
        var longitude = (meanLongitude + centre) * Degrees;
        longitude -= 2 * Math.PI * Math.Floor(longitude / (2 * Math.PI));
        return longitude;
    }

    private static double Sin(double degrees) => Math.Sin(degrees * Degrees);
}
