using System.Globalization;
using System.Text.RegularExpressions;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Plans;

/// <summary>
/// The deadlines and events of one sentence, clause by clause (clauses end at semicolons): named events, periods,
/// dates after a word that makes them due ("trước ngày", "chậm nhất", "vào ngày"...), days of a period ("ngày 25 của
/// tháng cuối quý"), months and quarters, and periodic work without a day ("hằng tháng", "1 tin, bài/tuần"). A date
/// with no such word (a document's own date, "Nghị định số 56/2017/NĐ-CP ngày 09/5/2017") is not an item.
/// In <paramref name="timing"/> mode the text is a task's time ("Quý II/2024", "Tháng 10/2024", "Ngày 31/5/2024"):
/// bare months, quarters and dates count.
/// </summary>
internal sealed partial class PlanClause(string sentence, int? year, bool timing)
{
    /// <summary>An item before its owners are known.</summary>
    internal sealed record Item(PlanItemKind Kind, string Recurrence, string Title, string Source)
    {
        public string? TitleEn { get; init; }

        public string? Unit { get; init; }

        public string? Event { get; init; }

        public string? Theme { get; init; }

        public int? ThemeYear { get; init; }

        public DateOnly? From { get; init; }

        public DateOnly? Until { get; init; }

        /// <summary>What merging treats as the same thing (a named event, a report, a meeting); null: by title.</summary>
        public string? Identity { get; init; }

        /// <summary>The plan gave this mention's own dates or theme: the one to keep among repeats.</summary>
        public bool Detailed { get; init; }

        /// <summary>The unit's own meeting (giao ban, họp): its leadership's.</summary>
        public bool Meeting { get; init; }

        /// <summary>Where in its clause it was said: items are listed in the plan's order.</summary>
        public int At { get; init; }
    }

    private enum Label
    {
        None,
        SixMonth,
        Year,
        Quarter,
        Month,
    }

    private readonly PlanText.Folded _text = PlanText.Folded.Of(sentence);

    private string Sentence { get; } = sentence;

    private int? PlanYear { get; } = year;

    private bool Timing { get; } = timing;

    public IReadOnlyList<Item> Items()
    {
        var periodic = Periodic().IsMatch(_text.Text);
        var items = new List<Item>();
        string? before = null;
        foreach (var (start, length) in PlanText.Clauses(Sentence))
        {
            var clause = _text.Slice(start, length);
            foreach (var item in new ClauseScan(this, clause, periodic).Run())
            {
                // "…; hoàn thành trong tháng 10/2026": the work is the clause before the date's.
                items.Add(before is not null && PlanTitles.IsWeak(item.Title) ? item with { Title = PlanTitles.FromClause(before, []) } : item);
            }

            before = PlanTitles.IsWeak(PlanTitles.FromClause(clause.Original, [])) ? before : clause.Original;
        }

        return WithTheme(items);
    }

    /// <summary>"với chủ đề “…”": the theme of the Action Month named in the sentence (else of its first named event).</summary>
    private List<Item> WithTheme(List<Item> items)
    {
        if (ThemeStart().Match(_text.Text) is not { Success: true } at || Theme(_text.Original, at.Index + at.Length) is not { } theme)
        {
            return items;
        }

        var target = items.FindIndex(i => i.Event == PlanEvents.ActionMonth);
        target = target >= 0 ? target : items.FindIndex(i => i.Event is not null);
        if (target < 0)
        {
            return items;
        }

        var themeYear = ThemeYear().Match(_text.Text) is { Success: true } y ? PlanText.Number(y.Groups[1].Value)
            : AnyYear().Match(_text.Text) is { Success: true } any ? PlanText.Number(any.Groups[1].Value)
            : PlanYear;
        return [.. items.Select(i => i.Event == items[target].Event ? i with { Theme = theme, ThemeYear = themeYear, Detailed = true } : i)];
    }

    private static string? Theme(string original, int from)
    {
        var i = from;
        while (i < original.Length && original[i] is ' ' or ':')
        {
            i++;
        }

        if (i >= original.Length)
        {
            return null;
        }

        var close = original[i] switch
        {
            '“' => '”',
            '"' => '"',
            '«' => '»',
            '‘' => '’',
            '\'' => '\'',
            _ => (char?)null,
        };
        if (close is { } quote)
        {
            var end = original.IndexOf(quote, i + 1);
            return end > i + 1 ? original[(i + 1)..end].Trim() : null;
        }

        if (!char.IsUpper(original[i]))
        {
            return null;
        }

        var stop = original.IndexOfAny(['.', ';', '(', ','], i);
        var text = (stop < 0 ? original[i..] : original[i..stop]).Trim();
        return text.Length is > 3 and <= 200 ? text : null;
    }

    /// <summary>One clause's scan; <see cref="_used"/> marks text already turned into an item.</summary>
    private sealed class ClauseScan(PlanClause owner, PlanText.Folded clause, bool periodic)
    {
        private readonly string _c = Scanned(clause.Text);
        private readonly bool[] _used = new bool[clause.Text.Length];
        private readonly List<Item> _items = [];
        private readonly Dictionary<Match, int> _ends = [];
        private readonly bool _report = ReportWord().IsMatch(clause.Text);
        private readonly bool _event = EventWord().IsMatch(clause.Text);
        private readonly bool _meeting = MeetingWord().IsMatch(clause.Text);
        private readonly Lazy<string?> _recipient = new(() => Recipient(clause));
        private readonly Lazy<bool> _sixMonths = new(() => SixMonths().IsMatch(clause.Text));

        private static string Scanned(string text)
        {
            // Each of the scan's patterns reads the clause about once.
            PlanWork.Add(text.Length * 24L);
            return text;
        }

        public List<Item> Run()
        {
            var ranges = Ranges();
            var named = Named(ranges);
            var covered = PeriodDays();
            Dates(named);
            foreach (var (match, first, last, rangeYear) in ranges.Where(r => !r.Taken))
            {
                AddRange(match, first, last, rangeYear);
            }

            MonthsAndQuarters();
            PeriodicWork(covered);
            return [.. _items.OrderBy(i => i.At)];
        }

        private sealed record RangeFound(Match Match, Recurrence.DayMonth First, Recurrence.DayMonth Last, int? Year)
        {
            public bool Taken { get; set; }
        }

        private List<RangeFound> Ranges()
        {
            var ranges = new List<RangeFound>();
            foreach (Match m in (owner.Timing ? TimingRange() : RangePattern()).Matches(_c))
            {
                if (Day(m, "d1", "m1") is { } first && Day(m, "d2", "m2") is { } last && (last.Month, last.Day).CompareTo((first.Month, first.Day)) > 0)
                {
                    ranges.Add(new RangeFound(m, first, last, Year(m, "y2") ?? Year(m, "y1")));
                    Use(m.Index, m.Length);
                }
            }

            return ranges;
        }

        private void AddRange(Match match, Recurrence.DayMonth first, Recurrence.DayMonth last, int? rangeYear)
        {
            var bounded = rangeYear is { } y && !periodic;
            _items.Add(new Item(PlanItemKind.Period, $"range {first}-{last}", PlanTitles.FromClause(clause.Original, [(match.Index, match.Length)]), owner.Sentence)
            {
                At = match.Index,
                From = bounded ? new DateOnly(rangeYear!.Value, 1, 1) : null,
                Until = bounded ? new DateOnly(rangeYear!.Value, 12, 31) : null,
                Detailed = true,
            });
        }

        /// <summary>Named events; Action Month or the summer with a period beside them take its days.</summary>
        private List<PlanEvents.NamedEvent> Named(List<RangeFound> ranges)
        {
            var named = new List<PlanEvents.NamedEvent>();
            foreach (var (found, start, length) in PlanEvents.In(_c))
            {
                Use(start, length);
                if (named.Any(n => n.Id == found.Id))
                {
                    continue;
                }

                named.Add(found);
                var recurrence = found.Recurrence;
                var detailed = false;
                if (found.Kind == PlanItemKind.Period && ranges.FirstOrDefault(r => !r.Taken) is { } range)
                {
                    range.Taken = true;
                    recurrence = $"range {range.First}-{range.Last}";
                    detailed = true;
                }

                _items.Add(new Item(found.Kind, recurrence, PlanTexts.Get("Event_" + found.Id, Language.Vi), owner.Sentence)
                {
                    TitleEn = PlanTexts.Get("Event_" + found.Id, Language.En),
                    Event = found.Id,
                    Identity = "event:" + found.Id,
                    Detailed = detailed,
                    At = start,
                });
            }

            return named;
        }

        /// <summary>"trước ngày 05 hằng tháng", "ngày 25 của tháng cuối quý"...: the periods they cover.</summary>
        private HashSet<string> PeriodDays()
        {
            var covered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (pattern, period) in DayPatterns)
            {
                foreach (Match m in pattern.Matches(_c))
                {
                    var day = PlanText.Number(m.Groups["d"].Value);
                    if (day is < 1 or > 31 || IsUsed(m.Index))
                    {
                        continue;
                    }

                    Use(m.Index, m.Length);
                    AddPeriodDay(period, day, m);
                    covered.Add(period == "next-quarter" ? "quarterly" : period);
                }
            }

            // "báo cáo hằng tháng trước ngày 25": the day, of the period the clause names.
            var clausePeriod = MonthlyWork().IsMatch(_c) ? "monthly" : QuarterlyWork().IsMatch(_c) ? "quarterly" : null;
            foreach (Match m in BareDay().Matches(_c))
            {
                var day = PlanText.Number(m.Groups["d"].Value);
                var period = clausePeriod;
                if (period is null || day is < 1 or > 31 || IsUsed(m.Index) || covered.Contains(period))
                {
                    continue;
                }

                Use(m.Index, m.Length);
                AddPeriodDay(period, day, m);
                covered.Add(period);
            }

            return covered;
        }

        private void AddPeriodDay(string period, int day, Match match)
        {
            var recurrence = period switch
            {
                "monthly" => string.Create(CultureInfo.InvariantCulture, $"monthly {day}"),
                "quarterly" => string.Create(CultureInfo.InvariantCulture, $"quarterly {day}"),
                _ => "yearly " + string.Join(", ", QuarterFirstMonths.Select(month => new Recurrence.DayMonth(Math.Min(day, DateTime.DaysInMonth(2024, month)), month))),
            };
            var label = period == "monthly" ? Label.Month : Label.Quarter;
            _items.Add(_report
                ? Report(label, recurrence, match) with { At = match.Index }
                : new Item(_meeting || _event ? PlanItemKind.Event : PlanItemKind.Recurring, recurrence, PlanTitles.FromClause(clause.Original, [(match.Index, match.Length)]), owner.Sentence)
                {
                    Meeting = _meeting,
                    Detailed = true,
                    At = match.Index,
                });
        }

        /// <summary>Dates after a word that makes them due or held; a list after one word ("vào các ngày 1/6 và 1/12") is one item.</summary>
        private void Dates(List<PlanEvents.NamedEvent> named)
        {
            var found = new List<(Match Cue, List<(Recurrence.DayMonth Day, int? Year)> Dates, bool OnDay)>();
            foreach (Match m in (owner.Timing ? TimingDate() : CuedDate()).Matches(_c))
            {
                if (IsUsed(m.Groups["d"].Index) || Day(m, "d", "m") is not { } first)
                {
                    continue;
                }

                var dates = new List<(Recurrence.DayMonth Day, int? Year)> { (first, Year(m, "y")) };
                var end = m.Index + m.Length;
                while (MoreDates().Match(_c, end) is { Success: true } more && more.Index == end && Day(more, "d", "m") is { } next)
                {
                    dates.Add((next, Year(more, "y")));
                    end = more.Index + more.Length;
                }

                Use(m.Index, end - m.Index);
                _ends[m] = end;
                var onDay = m.Groups["on"].Success || (owner.Timing && !m.Groups["due"].Success);
                found.Add((m, dates, onDay));
            }

            var reportDates = found.Where(f => !f.OnDay || _report).SelectMany(f => f.Dates).Select(d => d.Day).ToList();
            foreach (var (cue, dates, onDay) in found)
            {
                // "Lễ khai giảng… vào ngày 05/9/2026": the named event's own day.
                if (dates.All(d => named.Any(n => PlanEvents.SolarDay(n) == (d.Day.Day, d.Day.Month))))
                {
                    continue;
                }

                var span = (cue.Index, _ends[cue] - cue.Index);
                if (onDay && !_report)
                {
                    var recurrence = dates.Count == 1 && dates[0].Year is { } y && !periodic
                        ? Once(new DateOnly(y, dates[0].Day.Month, dates[0].Day.Day))
                        : "yearly " + string.Join(", ", dates.Select(d => d.Day).Distinct().OrderBy(d => d.Month).ThenBy(d => d.Day));
                    _items.Add(new Item(PlanItemKind.Event, recurrence, PlanTitles.FromClause(clause.Original, [span]), owner.Sentence) { Detailed = true, At = cue.Index });
                    continue;
                }

                foreach (var (day, dateYear) in dates)
                {
                    if (!_report)
                    {
                        _items.Add(new Item(PlanItemKind.Deadline, Dated(day, dateYear, periodic, yearlyWithoutYear: false), PlanTitles.FromClause(clause.Original, [span]), owner.Sentence) { Detailed = true, At = cue.Index });
                        continue;
                    }

                    var label = LabelBefore(cue.Index) is var l and not Label.None ? l : GuessLabel(day, reportDates);
                    var yearly = periodic || label is Label.SixMonth or Label.Year;
                    _items.Add(Report(label, Dated(day, dateYear, yearly, yearlyWithoutYear: true), cue) with { At = cue.Index });
                }
            }
        }

        private string Dated(Recurrence.DayMonth day, int? dateYear, bool yearly, bool yearlyWithoutYear)
        {
            if (yearly || (dateYear is null && (yearlyWithoutYear || owner.PlanYear is null)))
            {
                return "yearly " + day;
            }

            var y = dateYear ?? owner.PlanYear!.Value;
            return day.Day <= DateTime.DaysInMonth(y, day.Month) ? Once(new DateOnly(y, day.Month, day.Day)) : "yearly " + day;
        }

        /// <summary>"trong tháng 7/2026", "hoàn thành trong quý III năm 2024", "Quý II, IV năm 2025".</summary>
        private void MonthsAndQuarters()
        {
            foreach (Match m in (owner.Timing ? BareMonth() : CuedMonth()).Matches(_c))
            {
                if (IsUsed(m.Index) || PlanText.Number(m.Groups["m"].Value) is not (>= 1 and <= 12) || (Year(m, "y") ?? owner.PlanYear) is not { } y)
                {
                    continue;
                }

                Use(m.Index, m.Length);
                var month = PlanText.Number(m.Groups["m"].Value);
                _items.Add(new Item(PlanItemKind.Deadline, Once(new DateOnly(y, month, DateTime.DaysInMonth(y, month))), PlanTitles.FromClause(clause.Original, [(m.Index, m.Length)]), owner.Sentence) { Detailed = true, At = m.Index });
            }

            foreach (Match m in QuarterPattern().Matches(_c))
            {
                var before = _c[Math.Max(0, m.Index - 12)..m.Index];
                if (IsUsed(m.Index) || before.Contains("bao cao", StringComparison.Ordinal) || (Year(m, "y") ?? owner.PlanYear) is not { } y)
                {
                    continue;
                }

                Use(m.Index, m.Length);
                foreach (var quarter in QuarterNumeral().Matches(m.Value[..(m.Groups["y"].Success ? m.Groups["y"].Index - m.Index : m.Length)])
                    .Select(q => Quarter(q.Value)).Distinct().Order())
                {
                    _items.Add(new Item(PlanItemKind.Deadline, string.Create(CultureInfo.InvariantCulture, $"within-quarter {y}-Q{quarter}"), PlanTitles.FromClause(clause.Original, [(m.Index, m.Length)]), owner.Sentence)
                    {
                        Detailed = true,
                        At = m.Index,
                    });
                }
            }
        }

        /// <summary>"hằng tháng", "mỗi quý", "1 tin, bài/tuần": work every period, due its last day (weekly: Friday).</summary>
        private void PeriodicWork(HashSet<string> covered)
        {
            foreach (var (pattern, period) in PeriodPatterns)
            {
                if (covered.Contains(period))
                {
                    continue;
                }

                foreach (Match m in pattern.Matches(_c))
                {
                    var before = _c[Math.Max(0, m.Index - 25)..m.Index];
                    if (IsUsed(m.Index) || Ongoing().IsMatch(before) || Benefit().IsMatch(before))
                    {
                        continue;
                    }

                    Use(m.Index, m.Length);
                    covered.Add(period);
                    var unit = ForWhom().Match(_c, m.Index + m.Length) is { Success: true } whom && whom.Index == m.Index + m.Length
                        ? clause.Original.Substring(whom.Groups["x"].Index, whom.Groups["x"].Length).Trim()
                        : null;
                    var recurrence = period switch
                    {
                        "monthly" => "monthly last",
                        "quarterly" => "quarterly last",
                        _ => "weekly fri",
                    };
                    var item = _report ? Report(period == "quarterly" ? Label.Quarter : Label.Month, recurrence, m) with { Unit = unit }
                        : _meeting ? Meeting(period, recurrence, unit)
                        : new Item(_event ? PlanItemKind.Event : PlanItemKind.Recurring, recurrence, PlanTitles.FromClause(clause.Original, []), owner.Sentence) { Unit = unit };
                    _items.Add(item with { At = m.Index });
                    break;
                }
            }
        }

        private Item Meeting(string period, string recurrence, string? unit)
        {
            string Title(Language language) =>
                PlanTexts.Get("Meeting_" + period, language) + (unit is null ? "" : " (" + unit + ")");
            return new Item(PlanItemKind.Event, recurrence, Title(Language.Vi), owner.Sentence)
            {
                TitleEn = Title(Language.En),
                Unit = unit,
                Meeting = true,
                Identity = "meeting",
            };
        }

        private Item Report(Label label, string recurrence, Match cue)
        {
            if (label == Label.None)
            {
                // "… tham mưu UBND xã gửi báo cáo định kỳ …": the report is the thing to do, the words before it who sends it.
                var at = _c.IndexOf("bao cao", StringComparison.Ordinal);
                var from = at > 0 && at < cue.Index ? at : 0;
                return new Item(PlanItemKind.Report, recurrence, PlanTitles.FromClause(clause.Original[from..], [(cue.Index - from, cue.Length)]), owner.Sentence)
                {
                    Identity = "report",
                    Detailed = true,
                };
            }

            var to = _recipient.Value;
            string Title(Language language)
            {
                var name = PlanTexts.Get("Report_" + label, language);
                return to is null ? name : PlanTexts.Format("ReportTo", language, name, to);
            }

            return new Item(PlanItemKind.Report, recurrence, Title(Language.Vi), owner.Sentence)
            {
                TitleEn = Title(Language.En),
                Identity = "report",
                Detailed = true,
            };
        }

        /// <summary>Who the report goes to: "gửi về UBND Thành phố", "báo cáo UBND huyện", "về UBND huyện".</summary>
        private static string? Recipient(PlanText.Folded clause)
        {
            PlanWork.Add(clause.Text.Length);
            if (RecipientPattern().Match(clause.Text) is not { Success: true } m)
            {
                return null;
            }

            var group = m.Groups["r"];
            var stop = RecipientStop().Match(clause.Text, group.Index, group.Length);
            var length = stop.Success ? stop.Index - group.Index : group.Length;
            var name = clause.Original.Substring(group.Index, length).Trim(' ', ',', '.', '-', '–');
            return name.Length is > 2 and <= 80 ? name : null;
        }

        /// <summary>"6 tháng trước ngày 10/5, năm trước ngày 10/11": the report named just before the date.</summary>
        private Label LabelBefore(int cue)
        {
            var window = _c[Math.Max(0, cue - 30)..cue];
            var label = Label.None;
            foreach (Match m in ReportLabel().Matches(window))
            {
                label = m.Groups["six"].Success ? Label.SixMonth : m.Groups["quarter"].Success ? Label.Quarter : m.Groups["year"].Success ? Label.Year : Label.Month;
            }

            return label;
        }

        // "trước ngày 15/5/2025 và trước ngày 15/11/2025 báo cáo… 6 tháng đầu năm và cả năm": the earlier is the six-month one.
        private Label GuessLabel(Recurrence.DayMonth day, List<Recurrence.DayMonth> all)
        {
            if (all.Count < 2 || !_sixMonths.Value)
            {
                return Label.None;
            }

            var ordered = all.OrderBy(d => d.Month).ThenBy(d => d.Day).ToList();
            return day == ordered[0] ? Label.SixMonth : day == ordered[^1] ? Label.Year : Label.None;
        }

        private void Use(int start, int length)
        {
            for (var i = start; i < Math.Min(_used.Length, start + length); i++)
            {
                _used[i] = true;
            }
        }

        private bool IsUsed(int index) => index < _used.Length && _used[index];
    }

    private static readonly (Regex Pattern, string Period)[] DayPatterns =
        [(MonthDay(), "monthly"), (NextMonthDay(), "monthly"), (QuarterLastMonthDay(), "quarterly"), (NextQuarterFirstMonthDay(), "next-quarter")];

    private static readonly (Regex Pattern, string Period)[] PeriodPatterns = [(MonthlyWork(), "monthly"), (QuarterlyWork(), "quarterly"), (WeeklyWork(), "weekly")];

    private static readonly int[] QuarterFirstMonths = [1, 4, 7, 10];

    private static string Once(DateOnly date) => "once " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Recurrence.DayMonth? Day(Match m, string day, string month)
    {
        if (!m.Groups[day].Success || !m.Groups[month].Success)
        {
            return null;
        }

        var (d, mo) = (PlanText.Number(m.Groups[day].Value), PlanText.Number(m.Groups[month].Value));
        return mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(2024, mo) ? new Recurrence.DayMonth(d, mo) : null;
    }

    private static int? Year(Match m, string group) =>
        m.Groups[group].Success && PlanText.Number(m.Groups[group].Value) is >= 1900 and <= 2100 and var y ? y : null;

    private static int Quarter(string numeral) => numeral switch
    {
        "i" or "1" => 1,
        "ii" or "2" => 2,
        "iii" or "3" => 3,
        _ => 4,
    };

    // A date: 15/11, 15/11/2024, 15-11-2024, 15.11.2024, or "15 tháng 11 (năm 2024)" after "ngày".
    private const string Date = @"(?:(?<d>\d{1,2})\s*/\s*(?<m>\d{1,2})(?:\s*/\s*(?<y>\d{4}))?(?![\d/])|(?<d>\d{1,2})[.\-](?<m>\d{1,2})[.\-](?<y>\d{4})|(?<d>\d{1,2})\s+thang\s+(?<m>\d{1,2})(?:\s+nam\s+(?<y>\d{4}))?)";

    private const string Due = @"(?<due>truoc|cham nhat(?:\s+la)?|han chot(?:\s+la)?|han cuoi|khong qua|khong muon hon|han nop|xong truoc)";

    private const string On = @"(?<on>vao|to chuc(?=\s+(?:vao\s+)?(?:cac\s+)?ngay)|dien ra(?:\s+vao)?|ngay le)";

    private const string DayLead = @"(?:(?:truoc|cham nhat(?:\s+la)?|han chot|vao|han)\s+(?:ngay\s+)?|ngay\s+)";

    [GeneratedRegex(@"\b(?:" + Due + "|" + On + @")\s+(?:(?:vao\s+)?(?:cac\s+)?ngay\s+)?" + Date)]
    private static partial Regex CuedDate();

    [GeneratedRegex(@"(?:\b" + Due + @"\s+)?(?:(?:cac\s+)?ngay\s+)?" + Date)]
    private static partial Regex TimingDate();

    [GeneratedRegex(@"\s*(?:,|\bva\b|\band\b)\s*(?:ngay\s+)?" + Date)]
    private static partial Regex MoreDates();

    // A task's time given as a bare range: "10/6 - 31/7/2026".
    [GeneratedRegex(@"(?:\btu\s+)?(?:ngay\s+)?(?<d1>\d{1,2})\s*/\s*(?<m1>\d{1,2})(?:\s*/\s*(?<y1>\d{4}))?\s*(?:den|toi|-|–)\s*(?:het\s+)?(?:ngay\s+)?(?<d2>\d{1,2})\s*/\s*(?<m2>\d{1,2})(?:\s*/\s*(?<y2>\d{4}))?(?![\d/])")]
    private static partial Regex TimingRange();

    [GeneratedRegex(@"\btu\s+(?:ngay\s+)?(?<d1>\d{1,2})\s*/\s*(?<m1>\d{1,2})(?:\s*/\s*(?<y1>\d{4}))?\s*(?:den|toi|-|–)\s*(?:het\s+)?(?:ngay\s+)?(?<d2>\d{1,2})\s*/\s*(?<m2>\d{1,2})(?:\s*/\s*(?<y2>\d{4}))?(?![\d/])")]
    private static partial Regex RangePattern();

    [GeneratedRegex(DayLead + @"(?<d>\d{1,2})\s+(?:cua\s+)?(?:hang|moi)\s+thang\b")]
    private static partial Regex MonthDay();

    [GeneratedRegex(DayLead + @"(?<d>\d{1,2})\s+(?:cua\s+)?thang\s+(?:sau|ke tiep|tiep theo)\b")]
    private static partial Regex NextMonthDay();

    [GeneratedRegex(DayLead + @"(?<d>\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?(?:moi\s+)?quy\b")]
    private static partial Regex QuarterLastMonthDay();

    [GeneratedRegex(DayLead + @"(?<d>\d{1,2})\s+(?:cua\s+)?thang\s+dau\s+(?:cua\s+)?quy\s+(?:sau|ke tiep|tiep theo)\b")]
    private static partial Regex NextQuarterFirstMonthDay();

    [GeneratedRegex(@"\b(?:truoc|cham nhat)\s+(?:ngay\s+)?(?<d>\d{1,2})(?![\d/.\-])(?!\s+thang)")]
    private static partial Regex BareDay();

    [GeneratedRegex(@"\b(?:trong|vao|hoan thanh trong|cuoi)\s+thang\s+(?<m>\d{1,2})(?:\s*(?:/|nam)\s*(?<y>\d{4}))?(?![\d/])")]
    private static partial Regex CuedMonth();

    [GeneratedRegex(@"\bthang\s+(?<m>\d{1,2})\s*(?:/|nam)\s*(?<y>\d{4})\b")]
    private static partial Regex BareMonth();

    [GeneratedRegex(@"\bquy\s+(?:iv|iii|ii|i|[1-4])\b(?:\s*(?:,|\bva\b|-|&)\s*(?:quy\s+)?(?:iv|iii|ii|i|[1-4])\b)*(?:\s*(?:/|nam)\s*(?<y>\d{4}))?")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"\b(?:iv|iii|ii|i|[1-4])\b")]
    private static partial Regex QuarterNumeral();

    // "3 tháng một lần" is every quarter, not every month.
    [GeneratedRegex(@"\b(?:hang|moi)\s+thang\b|/\s*thang\b|(?<!\d\s|\b(?:hai|ba|sau)\s)\bthang\s+(?:mot|1|01)\s+lan\b")]
    private static partial Regex MonthlyWork();

    [GeneratedRegex(@"\b(?:hang|moi)\s+quy\b|/\s*quy\b|\bdinh ky quy\b|\b(?:3|ba)\s+thang\s+(?:mot|1|01)\s+lan\b")]
    private static partial Regex QuarterlyWork();

    [GeneratedRegex(@"\b(?:hang|moi)\s+tuan\b|/\s*tuan\b|\btuan\s+(?:mot|1|01)\s+lan\b")]
    private static partial Regex WeeklyWork();

    // Markers of work that repeats: a dated item in such a sentence falls due every year.
    [GeneratedRegex(@"\bdinh ky\b|\bhang nam\b|\bmoi nam\b|\bthuong nien\b")]
    private static partial Regex Periodic();

    [GeneratedRegex(@"thuong xuyen[\s,]*$")]
    private static partial Regex Ongoing();

    // "trợ cấp xã hội hằng tháng": money paid monthly, not work to do.
    [GeneratedRegex(@"\b(?:tro cap|luong|phu cap|sinh hoat phi|tien|chi tra|ho tro)\b[\w\s]*$")]
    private static partial Regex Benefit();

    [GeneratedRegex(@"\s*\(\s*doi voi\s+(?<x>[^)]+)\)")]
    private static partial Regex ForWhom();

    [GeneratedRegex(@"\bbao cao\b")]
    private static partial Regex ReportWord();

    [GeneratedRegex(@"giao ban|\bhop\b|hoi nghi|hoi thao|toa dam|sinh hoat chuyen de|sinh hoat dinh ky|buoi sinh hoat|le phat dong|mit tinh")]
    private static partial Regex EventWord();

    [GeneratedRegex(@"giao ban|\bhop\b")]
    private static partial Regex MeetingWord();

    [GeneratedRegex(@"(?<six>\b6\s*thang\b|\bsau thang\b|\bso ket\b)|(?<quarter>\bquy\b)|(?<year>\bnam\b|\btong ket\b|\bca nam\b)|(?<month>\bthang\b)")]
    private static partial Regex ReportLabel();

    [GeneratedRegex(@"\b6\s*thang\b|\bsau thang\b")]
    private static partial Regex SixMonths();

    [GeneratedRegex(@"\b(?:gui(?:\s+ve)?|ve|bao cao|len)\s+(?<r>(?:ubnd|uy ban nhan dan|so(?!\s+ket)|phong(?!\s+(?:chong|ngua|tranh))|trung tam|ban(?!\s+hanh)|van phong|bo)\b[^;()]{0,70})")]
    private static partial Regex RecipientPattern();

    [GeneratedRegex(@"[,.]|\s(?:theo|de|truoc|cham nhat|qua|ket qua|hang|dinh ky|trong|sau|co|kem|ve tinh hinh|tinh hinh|ve viec)\b")]
    private static partial Regex RecipientStop();

    [GeneratedRegex(@"chu de\s*:?\s*")]
    private static partial Regex ThemeStart();

    [GeneratedRegex(@"thang hanh dong vi tre em[^.;]{0,40}?\bnam\s+((?:19|20)\d{2})\b")]
    private static partial Regex ThemeYear();

    [GeneratedRegex(@"\b((?:19|20)\d{2})\b")]
    private static partial Regex AnyYear();
}
