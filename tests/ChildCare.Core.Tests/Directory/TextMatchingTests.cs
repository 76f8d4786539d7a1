using ChildCare.Core.Directory;

namespace ChildCare.Core.Tests.Directory;

public sealed class TextMatchingTests
{
    [Theory]
    [InlineData("Thanh Hóa", "thanh hoa")]
    [InlineData("  THANH   HOÁ!! ", "thanh hoa")]
    [InlineData("Đà Nẵng", "da nang")]
    [InlineData("TP. Hồ Chí Minh", "tp ho chi minh")]
    [InlineData("Bà Rịa - Vũng Tàu", "ba ria vung tau")]
    [InlineData("Tổng đài 111, xâm hại", "tong dai 111 xam hai")]
    [InlineData("...", "")]
    public void Fold_RemovesAccentsCaseAndPunctuation(string text, string expected) =>
        Assert.Equal(expected, TextMatching.Fold(text));

    [Fact]
    public void Fold_IsTheSame_ForComposedAndDecomposedInput()
    {
        var decomposed = "Thanh Hóa".Normalize(System.Text.NormalizationForm.FormD);

        Assert.Equal(TextMatching.Fold("thanh hoa"), TextMatching.Fold(decomposed));
    }

    [Theory]
    [InlineData("toi o ha noi", "ha noi", true)]
    [InlineData("ha noi", "ha noi", true)]
    [InlineData("toi o hai phong", "ha", false)]
    [InlineData("toi o ha noi", "noi o", false)]
    [InlineData("toi o ha noi", "", false)]
    public void ContainsPhrase_MatchesWholeWordsOnly(string text, string phrase, bool expected) =>
        Assert.Equal(expected, TextMatching.ContainsPhrase(text, phrase));

    [Fact]
    public void Words_KeepsAccents_AndLowerCases() =>
        Assert.Equal(["cứu", "với", "đang", "bị", "đánh"], TextMatching.Words("CỨU với!! Đang bị đánh"));
}
