using System.Globalization;

namespace ChildCare.Scheduler;

/// <summary>
/// When a recurring job runs, as Hangfire's cron expression and as the plain words the officials' page shows
/// ("mỗi 5 phút", "hằng ngày lúc 01:30"). Cron stays inside the Scheduler: nobody reads it on our pages.
/// </summary>
public sealed record Cadence(string Cron, TimeSpan Interval, TimeOnly? DailyAt)
{
    /// <summary>Every <paramref name="interval"/>, rounded down to one that divides a minute, an hour or a day.</summary>
    public static Cadence Every(TimeSpan interval)
    {
        var seconds = Math.Max(1, (int)interval.TotalSeconds);
        if (seconds < 60)
        {
            var s = Largest(60, seconds);
            return new(string.Create(CultureInfo.InvariantCulture, $"*/{s} * * * * *"), TimeSpan.FromSeconds(s), null);
        }

        var minutes = seconds / 60;
        if (minutes < 60)
        {
            var m = Largest(60, minutes);
            return new(m == 1 ? "* * * * *" : string.Create(CultureInfo.InvariantCulture, $"*/{m} * * * *"), TimeSpan.FromMinutes(m), null);
        }

        var h = Largest(24, Math.Min(24, minutes / 60));
        return new(h == 24 ? "0 0 * * *" : h == 1 ? "0 * * * *" : string.Create(CultureInfo.InvariantCulture, $"0 */{h} * * *"), TimeSpan.FromHours(h), null);
    }

    /// <summary>Once a day at <paramref name="at"/>, Vietnam time.</summary>
    public static Cadence Daily(TimeOnly at) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{at.Minute} {at.Hour} * * *"), TimeSpan.FromDays(1), at);

    private static int Largest(int whole, int atMost)
    {
        for (var d = atMost; d > 1; d--)
        {
            if (whole % d == 0)
            {
                return d;
            }
        }

        return 1;
    }
}
