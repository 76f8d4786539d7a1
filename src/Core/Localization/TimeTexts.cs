using Humanizer;

namespace ChildCare.Core.Localization;

/// <summary>
/// Durations and relative times in the reader's language, from Humanizer and its Vietnamese locale
/// (Humanizer.Core.vi): "11 giờ, 58 phút", "2 ngày nữa", "cách đây 3 tiếng". The sentences around them stay in
/// the resource files ("còn {0}", "quá {0}").
/// </summary>
public static class TimeTexts
{
    /// <summary>"11 giờ, 58 phút" / "11 hours, 58 minutes"; "3 ngày, 12 giờ": the two largest units, minutes at the least.</summary>
    public static string Duration(TimeSpan span, Language language) =>
        span.Duration().Humanize(precision: 2, language.Culture(), maxUnit: TimeUnit.Day, minUnit: TimeUnit.Minute);

    /// <summary>"3 ngày" / "3 days": whole days.</summary>
    public static string Days(int days, Language language) =>
        TimeSpan.FromDays(Math.Abs(days)).Humanize(precision: 1, language.Culture(), maxUnit: TimeUnit.Day, minUnit: TimeUnit.Day);

    /// <summary>"2 ngày nữa" / "2 days from now", "ngày mai" / "tomorrow", "hôm qua" / "yesterday": a day seen from today.</summary>
    public static string FromToday(DateOnly day, DateOnly today, Language language) => day.Humanize(today, language.Culture());

    /// <summary>"cách đây 3 tiếng" / "3 hours ago", "2 ngày nữa" / "2 days from now": an instant seen from now.</summary>
    public static string FromNow(DateTimeOffset instant, DateTimeOffset now, Language language) => instant.Humanize(now, language.Culture());
}
