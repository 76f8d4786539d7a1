using ChildCare.Core.Deadlines;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class DeadlineRuleTests
{
    private static IReadOnlyList<int> Defaults(string recurrence) => DeadlineRule.EffectiveLeads(null, Recurrence.Parse(recurrence));

    [Theory]
    [InlineData("yearly 15/11")]
    [InlineData("yearly 20/05, 20/11")]
    [InlineData("quarterly last")]
    [InlineData("once 2023-03-20")]
    [InlineData("lunar-yearly 15/08")]
    [InlineData("range 01/06-30/06")]
    public void EffectiveLeads_AreAllDefaults_WhenPeriodIsLong(string recurrence) =>
        Assert.Equal([14, 7, 3, 1, 0], Defaults(recurrence));

    [Fact]
    public void EffectiveLeads_IsDueDayOnly_WhenWeekly() => Assert.Equal([0], Defaults("weekly fri"));

    /// <summary>
    /// The rule's own comment: "a monthly task is not announced two weeks ahead". 14 * 2 = 28 is below the
    /// 30-day period, so the half-period cut keeps 14 for monthly rules.
    /// </summary>
    [Theory]
    [InlineData("monthly last")]
    [InlineData("monthly 25")]
    public void EffectiveLeads_DropsFourteen_WhenMonthly(string recurrence) =>
        Assert.Equal([7, 3, 1, 0], Defaults(recurrence));

    [Fact]
    public void EffectiveLeads_AreTheRulesOwn_WhenGiven()
    {
        Assert.Equal([5, 2], DeadlineRule.EffectiveLeads([5, 2], Recurrence.Parse("weekly fri")));
        Assert.Equal([30], DeadlineRule.EffectiveLeads([30], Recurrence.Parse("monthly last")));
    }

    [Fact]
    public void EffectiveLeads_AreDefaults_WhenOwnListIsEmpty() =>
        Assert.Equal([14, 7, 3, 1, 0], DeadlineRule.EffectiveLeads([], Recurrence.Parse("yearly 15/11")));

    [Fact]
    public void Leads_ReadsStoredText_OfARule()
    {
        var own = new DeadlineRule { Code = "r", TitleVi = "t", TitleEn = "t", Recurrence = "weekly fri", LeadDays = "0,2" };
        var byDefault = new DeadlineRule { Code = "r", TitleVi = "t", TitleEn = "t", Recurrence = "yearly 15/11" };

        Assert.Equal([2, 0], own.Leads());
        Assert.Equal([14, 7, 3, 1, 0], byDefault.Leads());
    }

    [Theory]
    [InlineData("14,7,3", new[] { 14, 7, 3 })]
    [InlineData(" 0, 7,7 ,14 ", new[] { 14, 7, 0 })]
    [InlineData("366", new[] { 366 })]
    public void ParseLeadDays_GivesDistinctDaysLongestFirst_WhenTextIsAList(string text, int[] expected) =>
        Assert.Equal(expected, DeadlineRule.ParseLeadDays(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ParseLeadDays_IsNull_WhenTextIsBlank(string? text) => Assert.Null(DeadlineRule.ParseLeadDays(text));

    [Theory]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("367")]
    [InlineData("7;3")]
    [InlineData("1.5")]
    [InlineData("14,x,0")]
    public void ParseLeadDays_ThrowsWithMessageNamingInput_WhenTextIsNotAList(string text)
    {
        var error = Assert.Throws<FormatException>(() => DeadlineRule.ParseLeadDays(text));

        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("lead days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatLeadDays_WritesWhatParseLeadDaysReads()
    {
        var text = DeadlineRule.FormatLeadDays([0, 7, 14, 7]);

        Assert.Equal("14,7,0", text);
        Assert.Equal([14, 7, 0], DeadlineRule.ParseLeadDays(text));
        Assert.Equal("", DeadlineRule.FormatLeadDays(null));
    }
}
