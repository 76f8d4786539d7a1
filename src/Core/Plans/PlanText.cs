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
public static partial class PlanText
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

    /// <summary>At most this many characters are read (a 300-page plan is below it).</summary>
    public const int MaxCharacters = 1_000_000;

    /// <summary>At most this many lines are read (a plan is a few hundred; a long one a few thousand).</summary>
    public const int MaxLines = 20_000;

    /// <summary>At most this many blocks are read.</summary>
    public const int MaxBlocks = 5_000;

    /// <summary>A block grows no longer than this (a wrapped paragraph is a few hundred characters): the next line starts another.</summary>
    public const int MaxBlockLength = 4_000;

    /// <summary>The blocks of a plan, in order: each a paragraph, a list item or a table row, on one line.</summary>
    public static IReadOnlyList<string> Blocks(string text) => Blocks(text, CancellationToken.None).Blocks;

    /// <summary>
    /// The blocks of a plan and whether it was longer than <see cref="MaxLines"/> or <see cref="MaxBlocks"/> (only
    /// the first part is read). Linear in the text: a block is built in one buffer, never copied line by line.
    /// </summary>
    public static (IReadOnlyList<string> Blocks, bool Truncated) Blocks(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tooLong = text.Length > MaxCharacters;
        var lines = Clean(tooLong ? text[..MaxCharacters] : text).Split('\n');
        var truncated = tooLong || lines.Length > MaxLines;
        if (truncated)
        {
            lines = lines[..MaxLines];
        }

        // A PDF copy with a blank line after every line: the blanks say nothing, a paragraph ends where a line ends one.
        var spaced = SpacedOut(lines);
        lines = FlatTables.Rebuild(lines);
        var blocks = new List<string>();
        var current = new StringBuilder();
        string? head = null;
        var (blank, pageBreak) = (false, false);
        for (var n = 0; n < lines.Length; n++)
        {
            if ((n & 255) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var line = CleanLine(lines[n]);
            if (line.Length == 0)
            {
                blank = !spaced || blank || (n + 1 < lines.Length && lines[n + 1].Trim().Length == 0);
                continue;
            }

            if (PageNumber().IsMatch(line) || ((spaced || pageBreak) && RunningHeader().IsMatch(Fold(line))))
            {
                (blank, pageBreak) = (true, true);
                continue;
            }

            // A rule under a heading ("-----", "___"): the end of what it underlines, never part of it.
            if (Rule().IsMatch(line))
            {
                if (head is not null)
                {
                    blocks.Add(current.ToString());
                    head = null;
                    current.Clear();
                }

                (blank, pageBreak) = (true, false);
                continue;
            }

            var join = head is null || current.Length + line.Length >= MaxBlockLength ? Join.None : Joins(head, current, line, blank, pageBreak);
            if (join == Join.Space)
            {
                current.Append(' ').Append(line);
            }
            else if (join == Join.Hyphen)
            {
                current.Length--;
                current.Append(line);
            }
            else
            {
                if (head is not null)
                {
                    blocks.Add(current.ToString());
                    if (blocks.Count >= MaxBlocks)
                    {
                        return (blocks, true);
                    }
                }

                current.Clear().Append(line);
                head = line;
            }

            (blank, pageBreak) = (false, false);
        }

        if (head is not null)
        {
            blocks.Add(current.ToString());
        }

        return (blocks, truncated);
    }

    /// <summary>
    /// Tables copied from a PDF come one cell a line: "TT", "Nội dung", "Đơn vị chủ trì", "Thời gian", then "1", the
    /// work, the lead, the time, "2"... Such a run is put back as "| 1 | … | … | … |" rows (a row cut by a page
    /// break too), which the extractor reads as any table. Linear: each line is looked at a bounded number of times.
    /// </summary>
    private static class FlatTables
    {
        public static string[] Rebuild(string[] lines)
        {
            List<string>? rebuilt = null;
            var copied = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                if (!IsNumberHeader(lines[i]))
                {
                    continue;
                }

                var header = new List<string> { lines[i].Trim() };
                var at = Next(lines, i + 1);
                while (at < lines.Length && header.Count < 8 && HeaderCell().IsMatch(Fold(lines[at].Trim())))
                {
                    header.Add(lines[at].Trim());
                    at = Next(lines, at + 1);
                }

                var folded = string.Join('|', header.Select(Fold));
                if (header.Count < 3 || !Content().IsMatch(folded) || !Time().IsMatch(folded))
                {
                    continue;
                }

                var rows = new List<string> { "| " + string.Join(" | ", header) + " |" };
                var row = 1;
                while (at < lines.Length && RowNumber(lines[at]) == row)
                {
                    var cells = new List<string> { lines[at].Trim() };
                    at = Next(lines, at + 1);
                    while (at < lines.Length && cells.Count < header.Count && RowNumber(lines[at]) != row + 1 && !Stop(lines[at]))
                    {
                        cells.Add(lines[at].Trim().Replace('|', '/'));
                        at = Next(lines, at + 1);
                    }

                    rows.Add("| " + string.Join(" | ", cells) + " |");
                    row++;
                }

                if (row == 1)
                {
                    continue;
                }

                rebuilt ??= new List<string>(lines.Length);
                rebuilt.AddRange(lines[copied..i]);
                rebuilt.Add("");
                foreach (var line in rows)
                {
                    rebuilt.Add(line);
                    rebuilt.Add("");
                }

                copied = at;
                i = at - 1;
            }

            if (rebuilt is null)
            {
                return lines;
            }

            rebuilt.AddRange(lines[copied..]);
            return [.. rebuilt];
        }

        // The next line with something in it that is not a page's number or running header.
        private static int Next(string[] lines, int from)
        {
            var i = from;
            // A bare number is the next row's, not a page's ("Trang 3/4", "- 3 -" are pages).
            while (i < lines.Length && (lines[i].Trim() is { Length: 0 }
                || (PageNumber().IsMatch(lines[i].Trim()) && RowNumber(lines[i]) < 0) || RunningHeader().IsMatch(Fold(lines[i].Trim()))))
            {
                i++;
            }

            return i;
        }

        private static bool IsNumberHeader(string line) => Fold(line.Trim()) is "tt" or "stt" or "so tt";

        private static int RowNumber(string line) =>
            line.Trim().TrimEnd('.') is { Length: > 0 and <= 3 } number && number.All(char.IsAsciiDigit) ? Number(number) : -1;

        private static bool Stop(string line)
        {
            var folded = Fold(line.Trim());
            return folded.StartsWith("noi nhan", StringComparison.Ordinal) || folded.StartsWith("phu luc", StringComparison.Ordinal) || ItemStart().IsMatch(line.Trim());
        }
    }

    [GeneratedRegex(@"^(?:noi dung|hoat dong|nhiem vu|cong viec|ten hoat dong|don vi|co quan|thoi gian|thoi han|chu tri|phoi hop|ghi chu|ket qua|san pham|kinh phi|dia diem|doi tuong|to chuc|tien do)[^.;]{0,40}$")]
    private static partial Regex HeaderCell();

    [GeneratedRegex(@"noi dung|hoat dong|nhiem vu|cong viec")]
    private static partial Regex Content();

    [GeneratedRegex(@"thoi gian|thoi han|tien do")]
    private static partial Regex Time();

    /// <summary>
    /// Whether the text has a blank line after (nearly) every line, as a PDF viewer's copy has: then a single blank
    /// line is no paragraph break (two are).
    /// </summary>
    private static bool SpacedOut(string[] lines)
    {
        var (text, blankAfterText) = (0, 0);
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            text++;
            if (lines[i + 1].Trim().Length == 0)
            {
                blankAfterText++;
            }
        }

        return text >= 8 && blankAfterText >= text * 0.8;
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

    private enum Join
    {
        None,
        Space,
        Hyphen,
    }

    /// <summary>How the next line goes on from the block so far (<paramref name="head"/> its first line), or None when it starts a block of its own.</summary>
    private static Join Joins(string head, StringBuilder previous, string next, bool blank, bool pageBreak)
    {
        if (StartsItem(next) || head.StartsWith('|'))
        {
            return Join.None;
        }

        var last = previous[^1];
        var beforeLast = previous.Length > 1 ? previous[^2] : ' ';

        // "Bộ Lao động -" / "Thương binh và Xã hội": a compound cut at its dash.
        if (char.IsWhiteSpace(beforeLast) && last is '-' or '–' or '—')
        {
            return Join.Space;
        }

        // "nhà trư-" / "ờng": a word hyphenated across lines.
        if (last == '-' && char.IsLetter(beforeLast) && char.IsLower(next[0]))
        {
            return Join.Hyphen;
        }

        // A numbered agency heading ("5. Phòng Văn hóa và Thông tin, Trung tâm…") is not continued by a capital.
        var continues = char.IsLower(next[0]);
        if (char.IsUpper(next[0]) && NumberedHeading().IsMatch(head) && PlanLexicon.StartsWithAgency(NumberedHeading().Replace(head, "")))
        {
            return Join.None;
        }

        // After ';' or ':' a line in lower case goes on with the same sentence.
        var ended = continues ? last is '.' or '!' or '?' or '…' : EndsSentence(last);
        var joins = blank
            ? !ended && (continues || (pageBreak && previous.Length >= WrappedLine))
            : !ended && (continues || previous.Length >= WrappedLine);
        return joins ? Join.Space : Join.None;
    }

    // A line this long that stops mid-sentence was wrapped, not ended (a heading is shorter).
    private const int WrappedLine = 60;

    private static bool EndsSentence(char last) => last is '.' or ':' or ';' or '!' or '?' or '…';

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

    // A line of dashes, underscores or stars only (two columns of them, as under a two-column header, too).
    [GeneratedRegex(@"^[-_=*–—\s]{3,}$")]
    private static partial Regex Rule();

    // A PDF page's running header or footer: "Kế hoạch số 35/KH-UBND ngày 16/01/2026 của UBND xã…" alone on a line.
    [GeneratedRegex(@"^(?:ke hoach|kh) so\s*\d+[^\s]*\s+ngay\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}(?:\s+cua\s+[^.;:]{0,80})?$")]
    private static partial Regex RunningHeader();
}
