using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Directory;

namespace ChildCare.Core.Plans;

/// <summary>
/// A plan's text made regular before anything is looked for in it: Markdown and PDF leftovers removed (emphasis,
/// headings' #, page numbers, hyphenated and hard-wrapped lines, doubled spaces), then cut into blocks (a
/// paragraph, a list item, a table row) and blocks into sentences.
/// </summary>
internal static partial class PlanText
{
    /// <summary>A block's text and its folded twin of the same length (see <see cref="Fold"/>).</summary>
    internal sealed record Folded(string Original, string Text)
    {
        public static Folded Of(string text) => new(text, Fold(text));

        public Folded Slice(int start, int length) => new(Original.Substring(start, length), Text.Substring(start, length));

        public override string ToString() => Original;
    }

    /// <summary>Lower case without accents, letter by letter: positions in the folded text are positions in the original.</summary>
    public static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = TextMatching.FoldLetter(source[i]);
        }
    });

    /// <summary>The blocks of a plan, in order: each a paragraph, a list item or a table row, on one line.</summary>
    public static IReadOnlyList<string> Blocks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<string>();
        string? current = null;
        var (blank, pageBreak) = (false, false);
        foreach (var raw in Clean(text).Split('\n'))
        {
            var line = CleanLine(raw);
            if (line.Length == 0)
            {
                blank = true;
                continue;
            }

            if (PageNumber().IsMatch(line))
            {
                (blank, pageBreak) = (true, true);
                continue;
            }

            if (current is not null && Joins(current, line, blank, pageBreak) is { } joined)
            {
                current = joined;
            }
            else
            {
                if (current is not null)
                {
                    blocks.Add(current);
                }

                current = line;
            }

            (blank, pageBreak) = (false, false);
        }

        if (current is not null)
        {
            blocks.Add(current);
        }

        return blocks;
    }

    /// <summary>A block cut into sentences: at '.', '!' or '?' followed by a capital, not after a number or an abbreviation.</summary>
    public static IReadOnlyList<string> Sentences(string block)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < block.Length - 2; i++)
        {
            if (block[i] is not ('.' or '!' or '?') || block[i + 1] != ' ' || !StartsSentence(block[i + 2]) || IsAbbreviation(block, i))
            {
                continue;
            }

            sentences.Add(block[start..(i + 1)].Trim());
            start = i + 2;
        }

        var last = block[start..].Trim();
        if (last.Length > 0)
        {
            sentences.Add(last);
        }

        return sentences;
    }

    /// <summary>The parts of a sentence between semicolons outside brackets, as (start, length).</summary>
    public static IReadOnlyList<(int Start, int Length)> Clauses(string sentence)
    {
        var clauses = new List<(int, int)>();
        var (depth, start) = (0, 0);
        for (var i = 0; i < sentence.Length; i++)
        {
            switch (sentence[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ';' when depth == 0:
                    clauses.Add((start, i - start));
                    start = i + 1;
                    break;
                default:
                    break;
            }
        }

        clauses.Add((start, sentence.Length - start));
        return clauses;
    }

    /// <summary>Whether a line starts a new block by its look: a list mark, a number, a letter item, a table row.</summary>
    public static bool StartsItem(string line) => ItemStart().IsMatch(line);

    private static string Clean(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Normalize(NormalizationForm.FormC)
            .Replace('\u00A0', ' ').Replace('\t', ' ').Replace("\u200B", "", StringComparison.Ordinal).Replace("\uFEFF", "", StringComparison.Ordinal);

    private static string CleanLine(string line)
    {
        var text = MarkdownHeading().Replace(line, "");
        text = text.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);
        text = LatexCommand().Replace(text, "");
        text = text.Replace("$", "", StringComparison.Ordinal).TrimEnd('\\', ' ');
        text = MarkdownBullet().Replace(text, "- ");
        text = text.Replace("*", "", StringComparison.Ordinal);
        text = Spaces().Replace(text, " ").Trim();
        return SpacedDate().Replace(text, "$1/$2");
    }

    /// <summary>The two lines as one when the second continues the first, or null when it starts a block of its own.</summary>
    private static string? Joins(string previous, string next, bool blank, bool pageBreak)
    {
        if (StartsItem(next) || previous.StartsWith('|'))
        {
            return null;
        }

        // "Bộ Lao động -" / "Thương binh và Xã hội": a compound cut at its dash.
        if (CompoundDash().IsMatch(previous))
        {
            return previous + " " + next;
        }

        // "nhà trư-" / "ờng": a word hyphenated across lines.
        if (Hyphenated().IsMatch(previous) && char.IsLower(next[0]))
        {
            return previous[..^1] + next;
        }

        // A numbered agency heading ("5. Phòng Văn hóa và Thông tin, Trung tâm…") is not continued by a capital.
        var continues = char.IsLower(next[0]);
        if (!continues && NumberedHeading().IsMatch(previous) && PlanLexicon.StartsWithAgency(NumberedHeading().Replace(previous, "")))
        {
            return null;
        }

        // After ';' or ':' a line in lower case goes on with the same sentence.
        var ended = continues ? previous[^1] is '.' or '!' or '?' or '…' : EndsSentence(previous);
        var joins = blank
            ? !ended && (continues || (pageBreak && previous.Length >= WrappedLine))
            : !ended && (continues || previous.Length >= WrappedLine);
        return joins ? previous + " " + next : null;
    }

    // A line this long that stops mid-sentence was wrapped, not ended (a heading is shorter).
    private const int WrappedLine = 60;

    private static bool EndsSentence(string line) => line[^1] is '.' or ':' or ';' or '!' or '?' or '…';

    private static bool StartsSentence(char c) => char.IsUpper(c) || c is '"' or '“' or '(' or '«';

    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal) { "tp", "tt", "kt", "tm", "ts", "ths", "v.v", "st", "q", "p", "ng" };

    private static bool IsAbbreviation(string text, int dot)
    {
        var start = dot;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        var word = text[start..dot];
        return word.Length == 0 || (word.Length <= 2 && word.All(char.IsDigit)) || (word.Length == 1 && char.IsLetter(word[0]))
            || Abbreviations.Contains(Fold(word)) || NumberedItem().IsMatch(word);
    }

    /// <summary>Parses "15" as a number in the invariant culture.</summary>
    public static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*(?:#{1,6}\s*|>\s*)+")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"\\[a-zA-Z]+")]
    private static partial Regex LatexCommand();

    [GeneratedRegex(@"^\s*[*+•●▪◦]\s+")]
    private static partial Regex MarkdownBullet();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b(\d{1,2}) ?/ ?(\d{1,2})\b")]
    private static partial Regex SpacedDate();

    [GeneratedRegex(@"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^(?:[-–—+•]\s|\||\d{1,2}(?:\.\d{1,2})*[.)]\s|(?:\d{1,2}\s+)\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ][.)]\s|[IVXivx]{1,5}[.)/]\s|(?:Điều|Mục|Phần|PHỤ LỤC|Phụ lục|Nơi nhận)\b)")]
    private static partial Regex ItemStart();

    [GeneratedRegex(@"^(?:\d{1,2}\s+)?\d{1,2}(?:\.\d{1,2})*[.)]\s+|^[IVXivx]{1,5}[.)]\s+")]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"^\d{1,2}(?:\.\d{1,2})*$")]
    private static partial Regex NumberedItem();

    [GeneratedRegex(@"\s[-–—]$")]
    private static partial Regex CompoundDash();

    [GeneratedRegex(@"\p{L}-$")]
    private static partial Regex Hyphenated();
}
