using System.Text.RegularExpressions;
using ChildCare.Core.Directory;

namespace ChildCare.Core.Plans;

/// <summary>Short titles from a plan's own words, and how alike two titles are.</summary>
internal static partial class PlanTitles
{
    private const int MaxLength = 110;

    private const int MaxRead = 2000;

    /// <summary>
    /// The clause as a title: without the given spans (its date), bracketed asides, list marks and a leading
    /// "Định kỳ"; after a colon when what precedes it is a label ("Đảm bảo truyền thông định kỳ: Thành phố…");
    /// capitalised and cut at a word near <see cref="MaxLength"/> characters.
    /// </summary>
    public static string FromClause(string clause, IReadOnlyList<(int Start, int Length)> without)
    {
        // A title is the clause's first words: a clause running on for pages (a paste without full stops) is read
        // only as far as a title can reach, so that each of its items costs the same.
        clause = clause.Length > MaxRead ? clause[..MaxRead] : clause;
        PlanWork.Add(clause.Length);
        var chars = clause.ToCharArray();
        foreach (var (start, length) in without)
        {
            for (var i = start; i < Math.Min(chars.Length, start + length); i++)
            {
                chars[i] = ' ';
            }
        }

        var text = Brackets().Replace(new string(chars), " ");
        text = ListMark().Replace(text.Trim(), "");
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is > 0 and <= 60 && text.Length - colon > 20)
        {
            text = text[(colon + 1)..];
        }

        text = LeadingWords().Replace(Spaces().Replace(text, " ").Trim(), "");
        text = text.Replace(" ,", ",", StringComparison.Ordinal).Trim(' ', ',', ';', ':', '.', '-', '–');
        text = WithoutDateWords(text).Trim(' ', ',', ';', ':', '.', '-', '–');
        if (text.Length == 0)
        {
            return clause.Trim();
        }

        text = char.ToUpper(text[0], System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) + text[1..];
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', MaxLength);
        return text[..(cut > 40 ? cut : MaxLength)].TrimEnd(' ', ',', ';') + "…";
    }

    /// <summary>
    /// The title without the body that opens it ("Trạm Y tế xã khám sức khỏe…" → "Khám sức khỏe…"): who owes it is
    /// kept apart; unchanged when what is left would say nothing.
    /// </summary>
    public static string WithoutSubject(string title, string? subject)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (subject is not { Length: > 0 } || !title.StartsWith(subject, StringComparison.Ordinal))
        {
            return title;
        }

        var rest = LeadRole().Replace(title[subject.Length..].TrimStart(' ', ',', ':', '-', '–'), "");
        return rest.Length < 10 || IsWeak(rest) ? title : char.ToUpper(rest[0], System.Globalization.CultureInfo.GetCultureInfo("vi-VN")) + rest[1..];
    }

    /// <summary>
    /// Whether a title says nothing of the work: only the words of a date phrase ("Hoàn thành trong", "Trước ngày")
    /// and fewer than two words besides.
    /// </summary>
    public static bool IsWeak(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var words = TextMatching.Fold(title).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(',', ';', ':', '.', '(', ')', '-', '–', '"', '“', '”'))
            .Where(w => w.Length > 0 && !w.All(char.IsDigit) && !DateWords.Contains(w));
        return words.Count() < 2;
    }

    // Words of a date phrase: what is left of "hoàn thành trước ngày 30/4" once its date is taken out.
    private static readonly HashSet<string> DateWords = new(StringComparer.Ordinal)
    {
        "hoan", "thanh", "tat", "xong", "ket", "thuc", "trong", "truoc", "vao", "cham", "nhat", "ngay", "thang", "quy", "nam", "han", "chot",
        "tu", "den", "cuoi", "dau", "thoi", "gian", "hien", "tien", "do", "la", "va", "khong", "qua", "muon", "hon", "dinh", "ky", "hang", "moi",
    };

    // Date words a title ends with once its date is taken out: "…, hoàn thành", "… trong", "… chậm nhất".
    private static readonly string[][] TrailingDateWords =
        [.. new[] { "hoan thanh", "hoan tat", "xong", "ket thuc", "trong", "truoc", "vao", "cham nhat", "cham nhat la", "tu", "den", "cuoi", "han", "ngay", "thang", "quy", "trong thang", "trong quy", "vao ngay" }
            .Select(w => w.Split(' ')).OrderByDescending(w => w.Length)];

    private static string WithoutDateWords(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var folded = words.Select(w => TextMatching.Fold(w).Trim(',', ';', ':', '.')).ToList();
        var changed = true;
        while (changed && words.Count > 2)
        {
            changed = false;
            foreach (var phrase in TrailingDateWords)
            {
                if (phrase.Length < words.Count - 1 && folded.TakeLast(phrase.Length).SequenceEqual(phrase))
                {
                    words.RemoveRange(words.Count - phrase.Length, phrase.Length);
                    folded.RemoveRange(folded.Count - phrase.Length, phrase.Length);
                    changed = true;
                    break;
                }
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>How much of the shorter title's words the other has (0 to 1), accents and case aside.</summary>
    public static double Similarity(string a, string b)
    {
        var (x, y) = (Words(a), Words(b));
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / Math.Min(x.Count, y.Count);
    }

    private static HashSet<string> Words(string text) =>
        [.. TextMatching.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1)];

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"^(?:[-–+•]\s*|[a-zđ][.)]\s+|\d{1,2}(?:\.\d{1,2})*[.)]\s+)+")]
    private static partial Regex ListMark();

    [GeneratedRegex(@"^(?:(?:Định kỳ|Dinh ky|định kỳ|dinh ky|Đồng thời|đồng thời)[\s,]+)+")]
    private static partial Regex LeadingWords();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    // "chủ trì, phối hợp các trường học tổ chức…": the lead's own words before the work.
    [GeneratedRegex(@"^(?:chủ trì|chu tri)[\s,;]+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadRole();
}
