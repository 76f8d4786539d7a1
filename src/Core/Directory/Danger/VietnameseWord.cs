using System.Globalization;
using System.Text;

namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// One word split into what matching needs: its key (no accents, đ as d, y after a consonant as i, so "kỹ" and "kĩ"
/// meet), its tone (0 none, 1 huyền, 2 sắc, 3 ngã, 4 hỏi, 5 nặng) and its letters with their vowel marks but no tone
/// ("đánh" → "đanh").
/// </summary>
internal readonly record struct VietnameseWord(string Text, string Key, int Tone, string Letters)
{
    private const int TableSize = 0x1F00;

    // Per character below U+1F00: its base letter, the letter with its vowel mark only (â ă ê ô ơ ư đ), its tone.
    private static readonly (char Base, char Letter, byte Tone)[] Table = BuildTable();

    /// <summary>Whether the writer typed any accent at all.</summary>
    public bool Marked => Tone != 0 || HasVowelMark(Letters);

    public static VietnameseWord Of(string word)
    {
        var key = new StringBuilder(word.Length);
        var letters = new StringBuilder(word.Length);
        var tone = 0;
        foreach (var c in word)
        {
            var (b, letter, t) = Describe(c);
            if (t != 0)
            {
                tone = t;
            }

            // "y" after a consonant or alone sounds as "i": "kỹ"/"kĩ", "lý"/"lí", "y tá"/"i tá".
            var k = b == 'y' && (key.Length == 0 || !IsVowel(key[^1])) ? 'i' : b;
            key.Append(k);
            letters.Append(letter);
        }

        return new VietnameseWord(word, key.ToString(), tone, letters.ToString());
    }

    /// <summary>
    /// Whether this typed word may be <paramref name="expected"/>: same key; a typed tone must be the expected one,
    /// with the expected vowel marks; a typed vowel mark must be the expected one. "danh", "đanh", "dánh" and
    /// "đánh" may all be "đánh"; "cựu" is not "cứu", "quát" is not "quất".
    /// </summary>
    public bool MayBe(VietnameseWord expected)
    {
        if (!string.Equals(Key, expected.Key, StringComparison.Ordinal) || Tone != 0 && Tone != expected.Tone)
        {
            return false;
        }

        // Someone who types tones types vowel marks too: "quát" (shout) is not "quất" (whip). Without a tone, a
        // typed vowel mark must be the expected one ("đanh" may be "đánh", "cựu" is not "cứu").
        for (var i = 0; i < Letters.Length; i++)
        {
            var typed = Letters[i];
            var wanted = expected.Letters[i];
            if (typed != wanted && (IsMarkedLetter(typed) || Tone != 0 && !(typed == 'd' && wanted == 'đ')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasVowelMark(string letters)
    {
        foreach (var c in letters)
        {
            if (IsMarkedLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMarkedLetter(char c) => c is 'â' or 'ă' or 'ê' or 'ô' or 'ơ' or 'ư' or 'đ';

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    private static (char Base, char Letter, byte Tone) Describe(char c) =>
        c < TableSize ? Table[c] : (char.ToLowerInvariant(c), char.ToLowerInvariant(c), (byte)0);

    private static (char, char, byte)[] BuildTable()
    {
        var table = new (char, char, byte)[TableSize];
        for (var i = 0; i < TableSize; i++)
        {
            var c = char.ToLowerInvariant((char)i);
            table[i] = (c, c, 0);
            if (c < 128 || !char.IsLetter(c))
            {
                continue;
            }

            if (c == 'đ')
            {
                table[i] = ('d', 'đ', 0);
                continue;
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            var letter = new StringBuilder().Append(decomposed[0]);
            byte tone = 0;
            foreach (var mark in decomposed.AsSpan(1))
            {
                switch (mark)
                {
                    case '\u0300': tone = 1; break;
                    case '\u0301': tone = 2; break;
                    case '\u0303': tone = 3; break;
                    case '\u0309': tone = 4; break;
                    case '\u0323': tone = 5; break;
                    default:
                        if (CharUnicodeInfo.GetUnicodeCategory(mark) == UnicodeCategory.NonSpacingMark)
                        {
                            letter.Append(mark);
                        }

                        break;
                }
            }

            var withVowelMark = letter.ToString().Normalize(NormalizationForm.FormC);
            table[i] = (decomposed[0], withVowelMark.Length == 1 ? withVowelMark[0] : decomposed[0], tone);
        }

        return table;
    }
}
