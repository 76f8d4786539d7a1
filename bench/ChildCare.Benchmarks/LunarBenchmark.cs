using System.Diagnostics;
using ChildCare.Core.Calendar;

namespace ChildCare.Benchmarks;

/// <summary>Lunar conversions per second over every day from 1900 to 2100, both ways, for a bounded time.</summary>
internal static class LunarBenchmark
{
    public static Task<int> RunAsync(BenchArguments arguments)
    {
        var seconds = arguments.Number("seconds", 3, 1, 60);
        arguments.ThrowIfUnknown();

        var days = Enumerable.Range(0, LunarCalendar.LastSolarDate.DayNumber - LunarCalendar.FirstSolarDate.DayNumber + 1)
            .Select(LunarCalendar.FirstSolarDate.AddDays).ToArray();
        var lunar = days.Select(LunarCalendar.ToLunar).ToArray(); // warm-up, and the inputs of the way back

        var (toLunar, toLunarTime) = Measure(seconds, () =>
        {
            foreach (var day in days)
            {
                _ = LunarCalendar.ToLunar(day);
            }

            return days.Length;
        });
        var (toSolar, toSolarTime) = Measure(seconds, () =>
        {
            foreach (var date in lunar)
            {
                _ = LunarCalendar.ToSolar(date);
            }

            return lunar.Length;
        });

        var report = new Report("lunar: conversions per second (Vietnamese calendar, UTC+7)");
        report.Setting($"every day from {LunarCalendar.FirstSolarDate:yyyy-MM-dd} to {LunarCalendar.LastSolarDate:yyyy-MM-dd} ({days.Length:N0} days), repeated for about {seconds} s each way, one thread");
        report.Row("solar -> lunar", $"{toLunar / toLunarTime.TotalSeconds:N0} /s", $"{toLunar:N0} conversions");
        report.Row("lunar -> solar", $"{toSolar / toSolarTime.TotalSeconds:N0} /s", $"{toSolar:N0} conversions");
        report.Print();
        return Task.FromResult(0);
    }

    private static (long Count, TimeSpan Elapsed) Measure(int seconds, Func<int> round)
    {
        var watch = Stopwatch.StartNew();
        long count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            count += round();
        }

        return (count, watch.Elapsed);
    }
}
