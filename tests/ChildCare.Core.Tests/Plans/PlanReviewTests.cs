using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;

namespace ChildCare.Core.Tests.Plans;

public sealed class PlanReviewTests
{
    private static ExtractedItem Item(string recurrence, PlanItemKind kind = PlanItemKind.Report) =>
        new(kind, "Báo cáo năm", recurrence, OfficialRole.ChildProtection, "Báo cáo năm trước ngày 15/11.");

    [Theory]
    [InlineData("yearly 15/11", "15/11/2026", "once 2026-11-15")]
    [InlineData("yearly 15/11", "20/12", "yearly 20/12")]
    [InlineData("once 2026-03-20", "5/4", "yearly 05/04")]
    [InlineData("lunar-yearly 15/08", "16/8", "lunar-yearly 16/08")]
    [InlineData("range 01/06-30/06", "01/06-15/07", "range 01/06-15/07")]
    [InlineData("monthly last", "25", "monthly 25")]
    [InlineData("quarterly 25", "0", "quarterly last")]
    [InlineData("yearly 15/11", "15 / 12 / 2026", "once 2026-12-15")]
    [InlineData("within-quarter 2026-Q2", "Q3/2026", "within-quarter 2026-Q3")]
    [InlineData("within-quarter 2026-Q2", "quý 4", "within-quarter 2026-Q4")]
    [InlineData("within-quarter 2026-Q2", "Quý III/2027", "within-quarter 2027-Q3")]
    [InlineData("within-quarter 2026-Q2", "30/06/2026", "once 2026-06-30")]
    public void Correct_SetsTheTypedDate_KeepingTheKindOfRecurrence(string recurrence, string typed, string expected)
    {
        Assert.Equal(expected, PlanReview.Correct(Item(recurrence), typed)?.Recurrence);
    }

    [Theory]
    [InlineData("yearly 15/11", "31/02")]
    [InlineData("yearly 15/11", "25")]
    [InlineData("weekly fri", "15/13/2026")]
    [InlineData("monthly last", "32")]
    [InlineData("yearly 15/11", "hôm qua")]
    public void Correct_RefusesWhatIsNoDateOrDoesNotFit(string recurrence, string typed)
    {
        Assert.Null(PlanReview.Correct(Item(recurrence), typed));
    }

    [Theory]
    [InlineData("yearly 15/11", Language.Vi, "hằng năm, ngày 15/11")]
    [InlineData("monthly last", Language.En, "every month on its last day")]
    [InlineData("within-quarter 2024-Q3", Language.Vi, "trong quý 3/2024 (hạn 30/09/2024)")]
    [InlineData("lunar-yearly 15/08", Language.Vi, "hằng năm, ngày 15/08 âm lịch")]
    [InlineData("weekly fri", Language.En, "every week, Friday")]
    public void Describe_SaysTheRecurrenceInWords(string recurrence, Language language, string expected)
    {
        Assert.Equal(expected, PlanReview.Describe(recurrence, language));
    }

    [Fact]
    public void Items_RoundTripThroughJson()
    {
        var items = new List<ReviewItem> { new(Item("yearly 15/11") with { Theme = "Chủ đề", ThemeYear = 2026, Until = new DateOnly(2026, 12, 31) }, Dropped: true) };

        Assert.Equal(items, PlanReview.FromJson(PlanReview.ToJson(items)));
    }

    [Fact]
    public void Typed_GivesAQuartersDate_AsCorrectReadsIt()
    {
        var item = Item("within-quarter 2026-Q3", PlanItemKind.Deadline);

        Assert.Equal("Q3/2026", PlanReview.Typed(item.Recurrence));
        Assert.Equal("within-quarter 2026-Q3", PlanReview.Correct(item, PlanReview.Typed(item.Recurrence)!)?.Recurrence);
    }

    [Theory]
    [InlineData("once 2024-03-20", null, "2024-03-20")]
    [InlineData("within-quarter 2026-Q3", null, "2026-09-30")]
    [InlineData("yearly 15/11", "2025-12-31", "2025-12-31")]
    [InlineData("once 2026-12-05", null, null)]
    [InlineData("within-quarter 2026-Q4", null, null)]
    [InlineData("yearly 15/03", null, null)]
    public void Passed_GivesTheDateThatHasPassed_OnlyForItemsThatWillNeverRemind(string recurrence, string? until, string? passed)
    {
        var item = Item(recurrence) with { Until = until is null ? null : DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(passed, PlanReview.Passed(item, new DateOnly(2026, 12, 5))?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PassedWarning_NamesTheItemsAndTheirDates_InBothLanguages()
    {
        var passed = PlanReview.PassedItems([Item("yearly 15/11"), Item("once 2024-03-20", PlanItemKind.Deadline)], new DateOnly(2026, 12, 5));

        Assert.Contains("mục 2 (20/03/2024)", PlanReview.PassedWarning(passed, Language.Vi), StringComparison.Ordinal);
        Assert.Contains("item 2 (20/03/2024)", PlanReview.PassedWarning(passed, Language.En), StringComparison.Ordinal);
        Assert.Null(PlanReview.PassedWarning(PlanReview.PassedItems([Item("yearly 15/11")], new DateOnly(2026, 12, 5)), Language.Vi));
    }
}
