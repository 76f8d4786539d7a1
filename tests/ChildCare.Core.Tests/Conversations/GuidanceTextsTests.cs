using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Tests.Conversations;

/// <summary>
/// The short guides for parents (Resources/GuidanceTexts*.resx) exist in both languages, fit a button and a
/// message, use only the Telegram tags we send, and give only the national numbers.
/// </summary>
public sealed partial class GuidanceTextsTests
{
    private static readonly ResourceManager Texts = new("ChildCare.Core.Resources.GuidanceTexts", typeof(CoreTexts).Assembly);

    private static readonly string[] Topics =
        ["SignsOfAbuse", "ChildDisclosure", "OnlineAbuse", "WaterSafety", "SchoolViolence", "ChildLabour", "MentalHealth"];

    private static readonly string[] Cultures = ["vi-VN", "en"];

    private static readonly string[] Parts = ["Title", "Body", "Summary"];

    // 18001567 was replaced by 111; provincial lines live in the editable directory, never in fixed text.
    private static readonly string[] AllowedNumbers = ["111", "112", "113", "114", "115"];

    private static readonly string[] AllowedTags = ["<b>", "</b>", "<i>", "</i>"];

    public static TheoryData<string, string> TopicsInEachCulture
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var topic in Topics)
            {
                foreach (var culture in Cultures)
                {
                    data.Add(topic, culture);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> EachTopic => [.. Topics];

    public static TheoryData<string> EachCulture => [.. Cultures];

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void GetString_ReturnsText_ForEveryPartOfTheTopic(string topic, string culture)
    {
        foreach (var part in Parts)
        {
            var name = $"Guide.{topic}.{part}";
            Assert.False(string.IsNullOrWhiteSpace(Text(name, culture)), $"{name} is missing or empty in {culture}");
        }
    }

    [Theory]
    [MemberData(nameof(EachCulture))]
    public void GetString_ReturnsMenuAndFooter_InEveryCulture(string culture)
    {
        Assert.False(string.IsNullOrWhiteSpace(Text("Guide.Menu", culture)));
        Assert.Contains("111", Text("Guide.Footer", culture), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EachTopic))]
    public void GetString_ReturnsEnglishText_WhenCultureIsEnglish(string topic)
    {
        foreach (var part in Parts)
        {
            var name = $"Guide.{topic}.{part}";
            Assert.NotEqual(Text(name, "vi-VN"), Text(name, "en"));
        }
    }

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Title_FitsAButton_WhenCountedInTextElements(string topic, string culture)
    {
        var title = Text($"Guide.{topic}.Title", culture);

        Assert.InRange(new StringInfo(title).LengthInTextElements, 1, 28);
    }

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Summary_IsOneShortLine_ForTheTopicList(string topic, string culture)
    {
        var summary = Text($"Guide.{topic}.Summary", culture);

        Assert.InRange(summary.Length, 1, 120);
        Assert.DoesNotContain("\n", summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Body_IsAtMost1300Characters_ForEveryTopic(string topic, string culture) =>
        Assert.InRange(Text($"Guide.{topic}.Body", culture).Length, 1, 1300);

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Body_StartsWithABoldTitle_ForEveryTopic(string topic, string culture)
    {
        var first = Lines(Text($"Guide.{topic}.Body", culture))[0];

        Assert.StartsWith("<b>", first, StringComparison.Ordinal);
        Assert.EndsWith("</b>", first, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Body_Names111_OnItsLastLine(string topic, string culture)
    {
        var last = Lines(Text($"Guide.{topic}.Body", culture))[^1];

        Assert.Contains("111", last, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Body_NeverGivesTheRetiredHotline_ForEveryTopic(string topic, string culture) =>
        Assert.DoesNotContain("18001567", Text($"Guide.{topic}.Body", culture), StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Body_GivesOnlyNationalNumbers_WhenItMentionsAPhoneNumber(string topic, string culture)
    {
        var numbers = PhoneLike().Matches(Text($"Guide.{topic}.Body", culture)).Select(m => m.Value).ToList();

        Assert.NotEmpty(numbers);
        Assert.All(numbers, number => Assert.Contains(number, AllowedNumbers));
    }

    [Theory]
    [MemberData(nameof(TopicsInEachCulture))]
    public void Body_UsesOnlyBoldAndItalic_AndClosesEveryTag(string topic, string culture)
    {
        var body = Text($"Guide.{topic}.Body", culture);
        var tags = Tag().Matches(body).Select(m => m.Value).ToList();

        // A '<' outside a tag would be rejected by Telegram's HTML parser.
        Assert.Equal(body.Count(c => c == '<'), tags.Count);
        Assert.All(tags, tag => Assert.Contains(tag, AllowedTags));

        var open = new Stack<string>();
        foreach (var tag in tags)
        {
            if (tag.StartsWith("</", StringComparison.Ordinal))
            {
                Assert.NotEmpty(open);
                Assert.Equal(tag.Replace("/", string.Empty, StringComparison.Ordinal), open.Pop());
            }
            else
            {
                open.Push(tag);
            }
        }

        Assert.Empty(open);
    }

    private static string Text(string name, string culture) =>
        Texts.GetString(name, CultureInfo.GetCultureInfo(culture)) ?? string.Empty;

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"\b\d{3,}\b")]
    private static partial Regex PhoneLike();

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex Tag();
}
