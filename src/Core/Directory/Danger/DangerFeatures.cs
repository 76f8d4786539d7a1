using System.Text;

namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// What the learned scorer sees in a message: its words folded (no accents, đ as d, phone abbreviations spelled out:
/// "ck" is "chong"), pairs of neighbouring words, letter runs of 3 to 5 across the folded text (so "bi danh", "bị
/// đánh" and "bi danhhh" share most of theirs), and the names of the evidence the rule engine found (a danger phrase
/// of a family, counted or held; "now", "teaching", "past", "child" ...). Features are names; a message's vector is
/// binary and scaled to length one.
/// </summary>
internal static class DangerFeatures
{
    private const int MinRun = 3;
    private const int MaxRun = 5;

    public static IReadOnlyList<string> Of(string text, IReadOnlyDictionary<string, string[]> abbreviations, IEnumerable<string> evidence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        foreach (var word in TextMatching.Words(text))
        {
            if (abbreviations.TryGetValue(word, out var meanings) && meanings.Length > 0)
            {
                words.AddRange(meanings[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Fold));
            }
            else
            {
                words.Add(TextMatching.Squeeze(Fold(word)));
            }
        }

        var features = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            features.Add("w:" + words[i]);
            if (i + 1 < words.Count)
            {
                features.Add("b:" + words[i] + " " + words[i + 1]);
            }
        }

        var joined = " " + string.Join(' ', words) + " ";
        for (var n = MinRun; n <= MaxRun; n++)
        {
            for (var start = 0; start + n <= joined.Length; start++)
            {
                features.Add(string.Concat("c:", joined.AsSpan(start, n)));
            }
        }

        foreach (var name in evidence)
        {
            features.Add("e:" + name);
        }

        features.Add(words.Count switch { < 6 => "len:short", < 20 => "len:medium", _ => "len:long" });
        return [.. features];
    }

    private static string Fold(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            folded.Append(TextMatching.FoldLetter(c));
        }

        return folded.ToString();
    }
}
