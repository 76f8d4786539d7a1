using ChildCare.Core.Cases;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Tests.Localization;

/// <summary>What Humanizer.Core.vi and Humanizer's English say for our durations and relative times.</summary>
public sealed class TimeTextsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly Today = new(2026, 12, 6);

    [Theory]
    [InlineData(Language.Vi, 11 * 60 + 58, "11 giờ, 58 phút")]
    [InlineData(Language.En, 11 * 60 + 58, "11 hours, 58 minutes")]
    [InlineData(Language.Vi, 84 * 60 + 30, "3 ngày, 12 giờ")]
    [InlineData(Language.En, 84 * 60 + 30, "3 days, 12 hours")]
    [InlineData(Language.Vi, 1, "1 phút")]
    [InlineData(Language.En, 1, "1 minute")]
    public void Duration_NamesTwoLargestUnits_InEachLanguage(Language language, int minutes, string expected)
    {
        Assert.Equal(expected, TimeTexts.Duration(TimeSpan.FromMinutes(minutes), language));
        Assert.Equal(expected, TimeTexts.Duration(-TimeSpan.FromMinutes(minutes), language));
    }

    [Theory]
    [InlineData(Language.Vi, 2, "2 ngày nữa")]
    [InlineData(Language.En, 2, "2 days from now")]
    [InlineData(Language.Vi, 1, "ngày mai")]
    [InlineData(Language.En, 1, "tomorrow")]
    [InlineData(Language.Vi, -1, "hôm qua")]
    [InlineData(Language.En, -1, "yesterday")]
    public void FromToday_SaysWhenTheDayIs_InEachLanguage(Language language, int days, string expected) =>
        Assert.Equal(expected, TimeTexts.FromToday(Today.AddDays(days), Today, language));

    [Theory]
    [InlineData(Language.Vi, -3, "cách đây 3 tiếng")]
    [InlineData(Language.En, -3, "3 hours ago")]
    [InlineData(Language.Vi, 48, "2 ngày nữa")]
    [InlineData(Language.En, 48, "2 days from now")]
    public void FromNow_SaysAgoOrAhead_InEachLanguage(Language language, int hours, string expected) =>
        Assert.Equal(expected, TimeTexts.FromNow(Now.AddHours(hours), Now, language));

    [Theory]
    [InlineData(Language.Vi, 11 * 60 + 58, "còn 11 giờ, 58 phút")]
    [InlineData(Language.En, 11 * 60 + 58, "11 hours, 58 minutes left")]
    [InlineData(Language.Vi, -125, "quá 2 giờ, 5 phút")]
    [InlineData(Language.En, -125, "2 hours, 5 minutes over")]
    public void CaseClockLeft_PutsHumanizedDurationInTheSentence_InEachLanguage(Language language, int minutes, string expected) =>
        Assert.Equal(expected, CaseNotifier.Left(TimeSpan.FromMinutes(minutes), language));

    [Theory]
    [InlineData(Language.Vi, 0, "hôm nay")]
    [InlineData(Language.En, 0, "today")]
    [InlineData(Language.Vi, 1, "ngày mai")]
    [InlineData(Language.Vi, 3, "3 ngày nữa")]
    [InlineData(Language.En, 3, "3 days from now")]
    [InlineData(Language.Vi, -2, "quá hạn 2 ngày")]
    [InlineData(Language.En, -2, "2 days overdue")]
    public void Countdown_CountsDaysToTheDeadline_InEachLanguage(Language language, int days, string expected) =>
        Assert.Equal(expected, ReminderTexts.Countdown(Today.AddDays(days), Today, language));
}
