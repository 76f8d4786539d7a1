using System.Text.RegularExpressions;
using ChildCare.Bot.Telegram;
using ChildCare.Core.Messaging;

namespace ChildCare.Bot.Tests.Telegram;

public sealed partial class TelegramTextTests
{
    [Fact]
    public void Split_ReturnsTextUnchanged_WhenItFits()
    {
        var text = new string('a', TelegramText.MaxMessageLength);

        Assert.Equal([text], TelegramText.Split(text));
    }

    [Fact]
    public void Split_CutsAtParagraphBreak_WhenTooLong()
    {
        var first = new string('a', 3000) + "\nline";
        var second = new string('b', 3000);

        var parts = TelegramText.Split(first + "\n\n" + second);

        Assert.Equal([first, second], parts);
    }

    [Fact]
    public void Split_CutsAtLineThenWord_WhenNoParagraphBreak()
    {
        var parts = TelegramText.Split("aaaa bbbb\ncccc dddd eeee", 16);

        Assert.Equal(["aaaa bbbb", "cccc dddd eeee"], parts);
        Assert.Equal(["aaaa bbbb cccc", "dddd eeee"], TelegramText.Split("aaaa bbbb cccc dddd eeee", 16));
    }

    [Fact]
    public void Split_NeverCutsInsideEntityOrTag_WhenBoundaryFallsThere()
    {
        var text = string.Concat(Enumerable.Repeat("&amp;<a href=\"https://example.org/x\">x</a>&lt;", 200));

        var parts = TelegramText.Split(text, 100);

        Assert.True(parts.Count > 1);
        Assert.All(parts, part =>
        {
            Assert.True(part.Length <= 100, $"{part.Length} characters");
            Assert.DoesNotMatch(BrokenEntity(), part);
            Assert.Equal(part.Count(c => c == '<'), part.Count(c => c == '>'));
            Assert.Equal(Regex.Count(part, "<a "), Regex.Count(part, "</a>"));
        });
    }

    [Fact]
    public void Split_ClosesAndReopensTags_WhenCutInsideFormatting()
    {
        var text = "<b>" + string.Join(' ', Enumerable.Repeat("word", 40)) + "</b>";

        var parts = TelegramText.Split(text, 64);

        Assert.True(parts.Count > 2);
        Assert.All(parts, part =>
        {
            Assert.StartsWith("<b>", part, StringComparison.Ordinal);
            Assert.EndsWith("</b>", part, StringComparison.Ordinal);
            Assert.True(part.Length <= 64);
        });
    }

    [Fact]
    public void Split_KeepsSurrogatePairsWhole_WhenHardCutNeeded()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 50));

        var parts = TelegramText.Split(text, 17);

        Assert.All(parts, part => Assert.False(char.IsHighSurrogate(part[^1])));
        Assert.Equal(text, string.Concat(parts));
    }

    [Fact]
    public void Escape_EscapesHtmlSpecials_WhenUserTextHasThem()
    {
        Assert.Equal("&lt;b&gt;Lan &amp; &quot;Minh&quot;&lt;/b&gt;", MessageHtml.Escape("<b>Lan & \"Minh\"</b>"));
        Assert.Equal("Trẻ em", MessageHtml.Escape("Trẻ em"));
    }

    [GeneratedRegex("&[a-z#0-9]*$")]
    private static partial Regex BrokenEntity();
}
