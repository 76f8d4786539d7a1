using System.Globalization;
using System.Text;

namespace ChildCare.Core.Directory;

/// <summary>
/// Matching of typed text the way people type on a cheap phone: with or without Vietnamese accents, any
/// case, stray punctuation and spaces.
/// </summary>
public static class TextMatching
{
    /// <summary>A letter held down three times or more counts once: "cứuuuu" → "cứu", "helppp" → "help"; doubled letters stay.</summary>
    public static string Squeeze(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var chars = new StringBuilder(word.Length);
        for (var i = 0; i < word.Length; i++)
        {
            var run = 1;
            while (i + run < word.Length && word[i + run] == word[i])
            {
                run++;
            }

            chars.Append(word[i], run >= 3 ? 1 : run);
            i += run - 1;
        }

        return chars.ToString();
    }

    /// <summary>
    /// Lower-cased, without diacritics (đ becomes d), every run of whitespace or punctuation one space, trimmed:
    /// "Thanh  Hóa!" and "thanh hoa" fold to the same text.
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                pendingSpace = folded.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                folded.Append(' ');
                pendingSpace = false;
            }

            folded.Append(FoldLetter(c));
        }

        return folded.ToString();
    }

    /// <summary>
    /// One character lower-cased without its diacritics ("Ữ" → 'u', 'đ' → 'd'); anything else as it is, so a text
    /// folded letter by letter keeps its length and every position still points into the original.
    /// </summary>
    public static char FoldLetter(char c)
    {
        // đ/Đ is a letter of its own, not d plus a mark, so decomposition leaves it alone.
        if (c is 'đ' or 'Đ')
        {
            return 'd';
        }

        if (c < 128 || !char.IsLetter(c))
        {
            return char.ToLowerInvariant(c);
        }

        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        return char.ToLowerInvariant(decomposed[0]);
    }

    /// <summary>
    /// Whether <paramref name="foldedPhrase"/> occurs in <paramref name="foldedText"/> as whole words
    /// ("ha noi" is in "toi o ha noi", "ha" is not in "hai"). Both are expected to be <see cref="Fold"/>ed.
    /// </summary>
    public static bool ContainsPhrase(string foldedText, string foldedPhrase)
    {
        ArgumentNullException.ThrowIfNull(foldedText);
        ArgumentNullException.ThrowIfNull(foldedPhrase);
        if (foldedPhrase.Length == 0)
        {
            return false;
        }

        return $" {foldedText} ".Contains($" {foldedPhrase} ", StringComparison.Ordinal);
    }

    /// <summary>
    /// The words of <paramref name="text"/>, lower-cased and composed (NFC) but keeping their accents, for
    /// matchers that must tell "cứu" from "cựu" when the writer did type accents.
    /// </summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var composed = text.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in composed)
        {
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Levenshtein distance: the insertions, deletions and substitutions that turn one text into the other.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    // Words around a unit's name that are not part of it: "xã Cẩm Tân", "phường Cẩm Đông", "Cam Tan commune".
    private static readonly string[] UnitWords = ["xa ", "phuong ", "thi tran ", "dac khu ", "thanh pho ", "tp ", "tinh ", "huyen ", "thi xa ", "quan "];

    /// <summary>
    /// A commune's or ward's name folded and without the word for its kind, so "Xã Cẩm Tân", "xa cam tan" and
    /// "Cam Tan commune" are one name.
    /// </summary>
    public static string UnitName(string name)
    {
        var folded = Fold(name);
        foreach (var word in UnitWords.Where(w => folded.StartsWith(w, StringComparison.Ordinal)))
        {
            return folded[word.Length..];
        }

        return folded.EndsWith(" ward", StringComparison.Ordinal) || folded.EndsWith(" commune", StringComparison.Ordinal)
            ? folded[..folded.LastIndexOf(' ')]
            : folded;
    }
}
