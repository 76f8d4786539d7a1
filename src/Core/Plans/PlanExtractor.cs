using System.Text.RegularExpressions;
using ChildCare.Core.Directory;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Plans;

/// <summary>
/// Reads a plan (KẾ HOẠCH) and finds its deadlines and events: report dates, periodic work, quarters, periods,
/// named days (Action Month, Mid-Autumn...), each with the sentence it came from and who owes it. A pure function
/// of the text; it knows the family of Vietnamese plans (sections I/II/III, numbered tasks with their "chủ trì"
/// and "thời gian thực hiện", per-agency duties under "Tổ chức thực hiện", annex tables), not particular plans.
/// Text without accents, Markdown, and PDF extractions with broken lines read the same.
/// </summary>
internal static partial class PlanExtractor
{
    /// <summary>At most this many items are listed (a plan names a few dozen).</summary>
    public const int MaxItems = 500;

    // A repeat is looked for among this many earlier items of the same kind, date and role.
    private const int MergeWindow = 64;

    /// <summary>Finds the plan's year and its items.</summary>
    public static PlanExtraction Extract(string text) => Extract(text, CancellationToken.None);

    /// <summary>
    /// Finds the plan's year and its items, in time linear in the text (capped at <see cref="PlanText.MaxLines"/>
    /// lines, <see cref="PlanText.MaxBlocks"/> blocks and <see cref="MaxItems"/> items; past a cap the extraction
    /// says it is <see cref="PlanExtraction.Truncated"/>); stops with <see cref="OperationCanceledException"/>
    /// when the token is cancelled.
    /// </summary>
    public static PlanExtraction Extract(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (blocks, truncated) = PlanText.Blocks(text, cancellationToken);
        var (year, title) = PlanHeader.Read(blocks);
        var reader = new PlanWalk(year, cancellationToken);
        reader.Walk(blocks);
        var items = Merge(reader.Found, cancellationToken);
        truncated |= items.Count > MaxItems;
        return new PlanExtraction(year, items.Count > MaxItems ? items[..MaxItems] : items) { Title = title, Truncated = truncated };
    }

    /// <summary>
    /// One item per thing, date and role: an event named again for the same role, a report date repeated in
    /// another section, the same task said twice, are one item (the mention with the most detail kept). Items are
    /// compared only with earlier ones of the same kind, date and role (the last <see cref="MergeWindow"/> of them).
    /// </summary>
    private static List<ExtractedItem> Merge(IReadOnlyList<Found> found, CancellationToken cancellationToken)
    {
        var kept = new List<Found>();
        var groups = new Dictionary<(PlanItemKind, string, Officials.OfficialRole), List<int>>();
        foreach (var item in found)
        {
            if ((kept.Count & 63) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var key = (item.Item.Kind, item.Item.Recurrence, item.Item.Role);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            var index = -1;
            for (var g = Math.Max(0, group.Count - MergeWindow); g < group.Count && index < 0; g++)
            {
                PlanWork.Add(1);
                if (SameThing(kept[group[g]], item))
                {
                    index = group[g];
                }
            }

            if (index < 0)
            {
                group.Add(kept.Count);
                kept.Add(item);
                continue;
            }

            var earlier = kept[index];
            var better = item.Detailed && !earlier.Detailed ? item : earlier;
            kept[index] = better with
            {
                Item = better.Item with
                {
                    Theme = better.Item.Theme ?? earlier.Item.Theme ?? item.Item.Theme,
                    ThemeYear = better.Item.ThemeYear ?? earlier.Item.ThemeYear ?? item.Item.ThemeYear,
                    UnitText = better.Item.UnitText ?? earlier.Item.UnitText ?? item.Item.UnitText,
                },
                Detailed = earlier.Detailed || item.Detailed,
            };
        }

        return [.. kept.Select(k => k.Item)];
    }

    private static bool SameThing(Found a, Found b) =>
        a.Identity is not null || b.Identity is not null
            ? a.Identity == b.Identity
            : PlanTitles.Similarity(a.Item.Title, b.Item.Title) >= 0.6;
}

/// <summary>An item as found, with what merging needs: what it is the same as, and whether it gave its own dates or theme.</summary>
internal sealed record Found(ExtractedItem Item, string? Identity, bool Detailed);

/// <summary>The plan's year and title, from its header: the title's "năm 2023" first, else the date line's year.</summary>
internal static partial class PlanHeader
{
    public static (int? Year, string? Title) Read(IReadOnlyList<string> blocks)
    {
        string? title = null;
        var head = blocks.Take(20).ToList();
        var at = head.FindIndex(b => PlanText.Fold(b).StartsWith("ke hoach", StringComparison.Ordinal));
        if (at >= 0)
        {
            var rest = blocks[at]["kế hoạch".Length..].Trim(' ', ':', '.');
            var parts = new List<string>();
            if (rest.Length > 0)
            {
                parts.Add(rest);
            }

            for (var i = at + 1; i < blocks.Count && parts.Count < 2 && !StartsBody(blocks[i]); i++)
            {
                parts.Add(blocks[i]);
            }

            title = parts.Count == 0 ? null : Cut(string.Join(' ', parts), 300);
        }

        if (title is not null && TitleYear().Match(PlanText.Fold(title)) is { Success: true } named)
        {
            return (PlanText.Number(named.Groups[1].Value), title);
        }

        foreach (var block in head)
        {
            if (DateLine().Match(PlanText.Fold(block)) is { Success: true } dated)
            {
                return (PlanText.Number(dated.Groups[1].Value), title);
            }
        }

        return (null, title);
    }

    private static bool StartsBody(string block) =>
        BodyStart().IsMatch(PlanText.Fold(block)) || PlanText.StartsItem(block);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length].TrimEnd() + "…";

    [GeneratedRegex(@"\bnam\s+((?:19|20)\d{2})\b")]
    private static partial Regex TitleYear();

    [GeneratedRegex(@"^(?:[^,]{0,60},\s*)?ngay\s+[\d.…\s]*thang\s+[\d.…\s]*nam\s+((?:19|20)\d{2})\b")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^(?:can cu|thuc hien (?:ke hoach|cong van|chi thi|nghi quyet|nghi dinh|quyet dinh|thong tu|huong dan|van ban|luat|chuong trinh)|theo de nghi|de trien khai|nham )")]
    private static partial Regex BodyStart();
}

/// <summary>
/// Walks a plan's blocks: sections (the preamble, aims and budget are skipped), numbered tasks with the lines
/// that say who leads them and when, and annex tables; each task's sentences go to <see cref="PlanClause"/>.
/// </summary>
internal sealed partial class PlanWalk(int? year, CancellationToken cancellationToken)
{
    private readonly List<Found> _found = [];
    private readonly Dictionary<int, Duty> _open = [];
    private Duty? _task;
    private Section _section = Section.Body;
    private int[]? _columns;
    private int _numberedDepth;

    // Who the text just before a table named: its rows are theirs when the table has no lead column.
    private string? _context;

    public IReadOnlyList<Found> Found => _found;

    private enum Section
    {
        Preamble,
        Skipped,
        Body,
        Organisation,
    }

    /// <summary>A numbered task (or an agency's duties, or a table row): its text, who leads it and when.</summary>
    private sealed class Duty(int depth, IReadOnlyList<OfficialRole> inherited, string? inheritedAgency = null)
    {
        public int Depth { get; } = depth;

        public List<string> Blocks { get; } = [];

        public string? Agency { get; set; }

        public string? Timing { get; set; }

        public IReadOnlyList<OfficialRole> Roles => Agency is { } agency && PlanLexicon.Roles(agency) is { Count: > 0 } own ? own : inherited;

        /// <summary>Who the plan names for it: its own agency, else its parent's (a lettered item under "1. Công an xã").</summary>
        public string? Owner => Agency ?? inheritedAgency;

        /// <summary>Who the last sentence named (or the task's agency): a table right after it is theirs when it names no lead.</summary>
        public string? LastSubject { get; set; }
    }

    public void Walk(IReadOnlyList<string> blocks)
    {
        if (blocks.Any(b => RomanHeading().IsMatch(PlanText.Fold(b))))
        {
            _section = Section.Preamble;
        }

        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PlanWork.Add(block.Length);
            var folded = PlanText.Fold(block);
            if (folded.StartsWith("noi nhan", StringComparison.Ordinal))
            {
                break;
            }

            if (RomanHeading().Match(folded) is { Success: true } roman)
            {
                Close();
                (_numberedDepth, _context) = (0, null);
                _section = Classify(roman.Groups["title"].Value);
                var colon = block.IndexOf(':', StringComparison.Ordinal);
                if (_section is Section.Body or Section.Organisation && colon > 0 && block[(colon + 1)..].Trim() is { Length: > 10 } inline)
                {
                    Open(0, inline);
                }

                continue;
            }

            if (folded.StartsWith("phu luc", StringComparison.Ordinal))
            {
                Close();
                (_numberedDepth, _context) = (0, null);
                _section = Section.Body;
                _columns = null;
                continue;
            }

            if (_section is Section.Preamble or Section.Skipped)
            {
                continue;
            }

            if (block.StartsWith('|'))
            {
                Row(block);
                continue;
            }

            if (Numbered().Match(block) is { Success: true } numbered)
            {
                _numberedDepth = numbered.Groups["num"].Value.Split('.').Length;
                Open(_numberedDepth, block[numbered.Length..].Trim());
                continue;
            }

            if (_section == Section.Organisation && block.Length < 100 && PlanLexicon.StartsWithAgency(block) && !block.TrimEnd().EndsWith('.'))
            {
                // An agency's duties with the number lost (a Word list's numbering is not in its text).
                _numberedDepth = 1;
                Open(1, block);
                continue;
            }

            // "a) …", "b) …": a task of its own under the numbered one, with its own lead and time lines.
            if (LetterItem().IsMatch(block))
            {
                Open(_numberedDepth + 1, block);
                continue;
            }

            // "Đảng ủy giao Ủy ban nhân dân xã:", "UBND xã:": the list under it is that body's.
            if (block.Length < 120 && block.TrimEnd().EndsWith(':') && PlanLexicon.Assigned(block.TrimEnd(':', ' ')) is { } assignee)
            {
                _task ??= new Duty(0, []);
                _task.Agency = assignee;
                continue;
            }

            if (LeadLine().Match(folded) is { Success: true } lead)
            {
                _task ??= new Duty(0, []);
                _task.Agency = Before(block[lead.Length..], "phoi hop");
                continue;
            }

            if (PartnerLine().IsMatch(folded))
            {
                continue;
            }

            if (TimingLine().Match(folded) is { Success: true } timing)
            {
                _task ??= new Duty(0, []);
                _task.Timing = block[timing.Length..].Trim();
                continue;
            }

            _task ??= new Duty(0, []);
            _task.Blocks.Add(block);
        }

        Close();
    }

    private void Open(int depth, string heading)
    {
        Close();
        var parent = _open.Where(o => o.Key < depth).OrderByDescending(o => o.Key).Select(o => o.Value).FirstOrDefault();
        _task = new Duty(depth, parent?.Roles ?? [], parent?.Owner);
        foreach (var deeper in _open.Keys.Where(k => k >= depth).ToList())
        {
            _open.Remove(deeper);
        }

        _open[depth] = _task;
        var bare = ListMark().Replace(heading, "");
        if (PlanLexicon.StartsWithAgency(bare))
        {
            _task.Agency = PlanLexicon.AgencyPhrase(bare);
        }

        _task.Blocks.Add(heading);
    }

    /// <summary>An annex table's row: its header says which column holds the work, the lead and the time.</summary>
    private void Row(string block)
    {
        Close();
        var cells = block.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();
        if (cells.All(c => c.Length == 0 || c.All(ch => ch is '-' or ':' or ' ')))
        {
            return;
        }

        var folded = cells.Select(TextMatching.Fold).ToList();
        var content = folded.FindIndex(c => c.Contains("noi dung", StringComparison.Ordinal) || c.Contains("hoat dong", StringComparison.Ordinal) || c.Contains("nhiem vu", StringComparison.Ordinal));
        var timing = folded.FindIndex(c => c.Contains("thoi gian", StringComparison.Ordinal) || c.Contains("thoi han", StringComparison.Ordinal));
        if (content >= 0 && timing >= 0)
        {
            _columns = [content, folded.FindIndex(c => c.Contains("chu tri", StringComparison.Ordinal)), timing];
            return;
        }

        var (work, lead, when) = _columns is [var c, var l, var t] && t < cells.Count
            ? (cells[c], l >= 0 ? cells[l] : null, cells[t])
            : (cells.MaxBy(x => x.Length)!, null, cells[^1]);
        _task = new Duty(0, []) { Agency = lead ?? _context, Timing = when };
        _task.Blocks.Add(work);
        Close();
    }

    private void Close()
    {
        if (_task is not { } task)
        {
            return;
        }

        _task = null;
        cancellationToken.ThrowIfCancellationRequested();
        var found = new List<(PlanClause.Item Item, IReadOnlyList<OfficialRole> Roles, string? Unit)>();
        foreach (var block in task.Blocks)
        {
            foreach (var sentence in PlanText.Sentences(block))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Reference().IsMatch(PlanText.Fold(sentence)))
                {
                    continue;
                }

                // "Đài Truyền thanh xã phát tin…", "- Đoàn TNCS Hồ Chí Minh Thành phố: Duy trì…": the sentence names who.
                var bare = ListMark().Replace(sentence, "");
                var subject = PlanLexicon.StartsWithAgency(bare) ? PlanLexicon.AgencyPhrase(bare) : null;
                var roles = subject is null ? [] : PlanLexicon.Roles(subject);
                task.LastSubject = subject ?? task.LastSubject;
                foreach (var item in new PlanClause(sentence, year, timing: false).Items())
                {
                    // The body the sentence names is kept as who owes it, even one no role stands for ("Ủy ban MTTQ xã").
                    var title = PlanTitles.IsWeak(item.Title) ? Heading(task, sentence) ?? item.Title : PlanTitles.WithoutSubject(item.Title, subject);
                    var named = item with { Title = title };
                    found.Add((named, roles.Count > 0 ? roles : task.Roles, subject ?? task.Owner));
                }
            }
        }

        if (found.Count == 0 && task.Timing is { } when && task.Blocks.Count > 0)
        {
            // A short heading without a full stop names the task; the line under it says what to do.
            var work = task.Blocks.Count > 1 && task.Blocks[0].Length < 100 && !task.Blocks[0].EndsWith('.') ? task.Blocks[1] : task.Blocks[0];
            // "Thời gian thực hiện: Quý II, IV năm 2026": the task's own words, due when the line says.
            foreach (var item in new PlanClause(when, year, timing: true).Items())
            {
                var sentence = PlanText.Sentences(work)[0];
                found.Add((item with
                {
                    Title = PlanTitles.FromClause(sentence, []),
                    Source = sentence.TrimEnd('.') + " — " + when,
                }, task.Roles, task.Owner));
            }
        }

        _context = task.LastSubject ?? task.Owner;
        foreach (var (item, roles, unit) in found)
        {
            // A meeting of the unit (giao ban) is its leadership's; other work the child-work official's by default.
            var owners = item.Meeting && roles.All(r => r == OfficialRole.ChildProtection) ? [OfficialRole.Supervisor]
                : roles.Count > 0 ? roles
                : [OfficialRole.ChildProtection];
            foreach (var role in owners)
            {
                _found.Add(new Found(
                    new ExtractedItem(item.Kind, item.Title, item.Recurrence, role, item.Source)
                    {
                        TitleEn = item.TitleEn,
                        UnitText = item.Unit ?? unit,
                        Event = item.Event,
                        Theme = item.Theme,
                        ThemeYear = item.ThemeYear,
                        From = item.From,
                        Until = item.Until,
                    },
                    item.Identity,
                    item.Detailed));
            }
        }
    }

    /// <summary>The task's own words for what it is (its heading), when the sentence an item came from is not it.</summary>
    private static string? Heading(Duty task, string sentence)
    {
        var first = PlanText.Sentences(task.Blocks[0]) is [var head, ..] ? head : null;
        if (first is null || first == sentence)
        {
            return null;
        }

        var title = PlanTitles.FromClause(first, []);
        return PlanTitles.IsWeak(title) ? null : title;
    }

    private static Section Classify(string title) =>
        SkippedSection().IsMatch(title) ? Section.Skipped
        : OrganisationSection().IsMatch(title) ? Section.Organisation
        : Section.Body;

    private static string Before(string text, string foldedWord)
    {
        var at = PlanText.Fold(text).IndexOf(foldedWord, StringComparison.Ordinal);
        return (at > 0 ? text[..at] : text).Trim(' ', ';', ',', '.', ':');
    }

    [GeneratedRegex(@"^(?:[-–+•]\s*|[a-zđ][.)]\s+|\d{1,2}(?:\.\d{1,2})*[.)]\s+)+")]
    private static partial Regex ListMark();

    [GeneratedRegex(@"^[a-zđ][.)]\s+\S")]
    private static partial Regex LetterItem();

    [GeneratedRegex(@"^(?:phan\s+|muc\s+)?(?<roman>[ivx]{1,5})\s*[.)/]\s*(?<title>.*)$")]
    private static partial Regex RomanHeading();

    [GeneratedRegex(@"muc dich|muc tieu|yeu cau|kinh phi|tinh hinh|ket qua thuc hien|ket qua dat duoc|danh gia|can cu|co so|quan diem|chi tieu|noi nhan")]
    private static partial Regex SkippedSection();

    [GeneratedRegex(@"to chuc thuc hien|trach nhiem|phan cong")]
    private static partial Regex OrganisationSection();

    [GeneratedRegex(@"^(?:\d{1,2}\s+(?=\d))?(?<num>\d{1,2}(?:\.\d{1,2})*)[.)](?:\s+|$)")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^[-–+•]?\s*(?:(?:nganh|co quan|don vi|bo phan|cac nganh|cac don vi|cac co quan)(?:\s*,\s*(?:don vi|co quan))?\s+)?(?:chu tri|thuc hien|phu trach)(?:\s+thuc hien)?\s*:\s*")]
    private static partial Regex LeadLine();

    [GeneratedRegex(@"^[-–+•]?\s*(?:(?:nganh|co quan|don vi|cac nganh|cac don vi|cac co quan)(?:\s*,\s*(?:don vi|co quan))?\s+)?phoi hop(?:\s+thuc hien)?\s*:")]
    private static partial Regex PartnerLine();

    [GeneratedRegex(@"^[-–+•]?\s*(?:thoi gian|thoi han|tien do)(?:\s+(?:thuc hien|hoan thanh|to chuc))?\s*:\s*")]
    private static partial Regex TimingLine();

    // "Căn cứ…", "Thực hiện Kế hoạch số…": what the plan rests on, not what it asks.
    [GeneratedRegex(@"^[-–+•]?\s*(?:can cu|thuc hien (?:ke hoach|cong van|chi thi|nghi quyet|nghi dinh|quyet dinh|thong tu|huong dan|van ban) so)")]
    private static partial Regex Reference();
}
