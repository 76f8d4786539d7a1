using ChildCare.Core.Conversations;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Tests.Directory;

/// <summary>What an administrator may write into the directory: line numbers and guide markup.</summary>
public sealed class DirectoryRulesTests
{
    // By name: the enums are internal to Core.
    public static TheoryData<string, string> EveryGuide
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var topic in Enum.GetNames<GuidanceTopic>())
            {
                data.Add(topic, nameof(Language.Vi));
                data.Add(topic, nameof(Language.En));
            }

            return data;
        }
    }

    [Theory]
    [InlineData("111", "111")]
    [InlineData("115", "115")]
    [InlineData("1800 1744", "18001744")]
    [InlineData("1800.1744", "18001744")]
    [InlineData("1900 969 680", "1900969680")]
    [InlineData("1800 123 456", "1800123456")]
    [InlineData("0237 3 123 456", "02373123456")]
    [InlineData("+84 912 345 678", "0912345678")]
    [InlineData("116", null)]
    [InlineData("1800 17", null)]
    [InlineData("1900 12345", null)]
    [InlineData("12345", null)]
    [InlineData("0912 ABC", null)]
    [InlineData("", null)]
    public void NormaliseLine_TakesHotlinesAndPhones_AsDigits(string typed, string? expected) =>
        Assert.Equal(expected, PhoneNumbers.NormaliseLine(typed));

    [Theory]
    [InlineData("Gọi <b>111</b>", null)]
    [InlineData("<b><i>111</i></b> & 113 > 112", null)]
    [InlineData("<script>alert(1)</script> 111", nameof(DirectoryProblem.MarkupNotAllowed))]
    [InlineData("<a href=\"x\">111</a>", nameof(DirectoryProblem.MarkupNotAllowed))]
    [InlineData("<B>111</B>", nameof(DirectoryProblem.MarkupNotAllowed))]
    [InlineData("trẻ < 6 tuổi, a <= b, 111 <", null)]
    [InlineData("<p>111", nameof(DirectoryProblem.MarkupNotAllowed))]
    [InlineData("<!-- 111 -->", nameof(DirectoryProblem.MarkupNotAllowed))]
    [InlineData("111 </b", nameof(DirectoryProblem.MarkupNotAllowed))]
    [InlineData("<b>111", nameof(DirectoryProblem.MarkupUnclosed))]
    [InlineData("<b><i>111</b></i>", nameof(DirectoryProblem.MarkupUnclosed))]
    [InlineData("111</i>", nameof(DirectoryProblem.MarkupUnclosed))]
    public void Check_AllowsOnlyNestedBoldAndItalic(string text, string? expected) =>
        Assert.Equal(expected, GuidanceMarkup.Check(text)?.ToString());

    [Fact]
    public void ToHtml_EscapesEverythingButTheFourTags()
    {
        Assert.Equal("<b>a &amp; b</b> &quot;c&quot; &gt; <i>d</i> &amp;lt;b&amp;gt;", GuidanceMarkup.ToHtml("<b>a & b</b> \"c\" > <i>d</i> &lt;b&gt;"));
    }

    [Theory]
    [InlineData("Gọi 1111 hoặc 2111")]
    [InlineData("Gọi 18001567, 111")]
    [InlineData("   ")]
    public void CheckedGuidance_RefusesATextWithout111OrWithTheRetiredLine(string text)
    {
        var refused = Assert.Throws<DirectoryEditException>(() => DirectoryRules.CheckedGuidance(text));

        Assert.Equal("Text", refused.Field);
    }

    [Fact]
    public void CheckedGuidance_KeepsLines_AndTrimsAndDropsControlCharacters() =>
        Assert.Equal("<b>A</b>\nGọi 111", DirectoryRules.CheckedGuidance("  <b>A</b>\r\nGọi\u0007 111 \n"));

    // The shipped guides open in the editor as they are and are sent unchanged once saved.
    [Theory]
    [MemberData(nameof(EveryGuide))]
    public void ShippedGuide_PassesTheRules_AndRendersToItself(string topic, string language)
    {
        var shipped = GuidanceFlow.ShippedText(Enum.Parse<GuidanceTopic>(topic), Enum.Parse<Language>(language));

        Assert.Equal(shipped, DirectoryRules.CheckedGuidance(shipped));
        Assert.Equal(shipped, GuidanceMarkup.ToHtml(shipped));
    }

    [Fact]
    public void Checked_NormalisesTheLine_AndKeepsEmptyOptionalFieldsEmpty()
    {
        var typed = new Hotline(" 1800 1744 ", " Ngôi nhà\nÁnh Dương ", "Sunshine House", " thanh-hoa ", " ", CallCost.Free, new DateOnly(2026, 11, 1), "", "", "");

        var line = DirectoryRules.Checked(typed, HelpDirectoryProvider.Shipped, new DateOnly(2026, 11, 23));

        Assert.Equal(new Hotline("18001744", "Ngôi nhà Ánh Dương", "Sunshine House", "thanh-hoa", null, CallCost.Free, new DateOnly(2026, 11, 1), "", "", ""), line);
    }
}
