using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Plans;

/// <summary>One item under review: as found (or as the official corrected it), and whether they dropped it.</summary>
public sealed record ReviewItem(ExtractedItem Item, bool Dropped = false);

/// <summary>
/// What reviewing a plan needs in chat and on the page alike: the items stored as JSON, a typed correction of an
/// item's date ("15/11/2026", "15/11", "25", "01/06-30/06"), and a recurrence said in words.
/// </summary>
public static partial class PlanReview
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string ToJson(IReadOnlyList<ReviewItem> items) => JsonSerializer.Serialize(items, Json);

    public static List<ReviewItem> FromJson(string json) => JsonSerializer.Deserialize<List<ReviewItem>>(json, Json) ?? [];

    /// <summary>
    /// The item with the date the official typed: dd/mm/yyyy once, dd/mm every year (a lunar item's lunar day),
    /// dd/mm-dd/mm a yearly period, a day number the day of a monthly or quarterly item (0 its last day), Qn/yyyy
    /// or "quý n" within a quarter;
    /// null when the text is none of these or does not fit the item.
    /// </summary>
    public static ExtractedItem? Correct(ExtractedItem item, string typed)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(typed);
        var text = typed.Replace(" ", "", StringComparison.Ordinal).TrimEnd('.');
        var schedule = item.Schedule();
        string? recurrence = null;
        var kind = item.Kind;
        if (QuarterText().Match(PlanText.Fold(text)) is { Success: true } quarter
            && (quarter.Groups[2].Success ? int.Parse(quarter.Groups[2].Value, CultureInfo.InvariantCulture) : (schedule as Recurrence.WithinQuarter)?.Year) is { } quarterYear)
        {
            // "Q3/2026", "quý 4": within a quarter (of the item's own year when none is typed).
            var number = quarter.Groups[1].Value switch
            {
                "i" => 1,
                "ii" => 2,
                "iii" => 3,
                "iv" => 4,
                var digit => int.Parse(digit, CultureInfo.InvariantCulture),
            };
            recurrence = string.Create(CultureInfo.InvariantCulture, $"within-quarter {quarterYear}-Q{number}");
            kind = kind switch
            {
                PlanItemKind.Recurring => PlanItemKind.Deadline,
                PlanItemKind.Period => PlanItemKind.Event,
                _ => kind,
            };
        }
        else if (FullDate().Match(text) is { Success: true } full
            && DateOnly.TryParseExact($"{full.Groups[3].Value}-{Two(full.Groups[2].Value)}-{Two(full.Groups[1].Value)}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            recurrence = "once " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            kind = kind switch
            {
                PlanItemKind.Recurring => PlanItemKind.Deadline,
                PlanItemKind.Period => PlanItemKind.Event,
                _ => kind,
            };
        }
        else if (DayRange().Match(text) is { Success: true } range)
        {
            recurrence = $"range {Two(range.Groups[1].Value)}/{Two(range.Groups[2].Value)}-{Two(range.Groups[3].Value)}/{Two(range.Groups[4].Value)}";
            kind = item.RuleKind == RuleKind.Event ? PlanItemKind.Period : kind;
        }
        else if (DayMonth().Match(text) is { Success: true } day)
        {
            var dayMonth = $"{Two(day.Groups[1].Value)}/{Two(day.Groups[2].Value)}";
            recurrence = schedule.IsLunar ? "lunar-yearly " + dayMonth : "yearly " + dayMonth;
            kind = kind switch
            {
                PlanItemKind.Recurring => PlanItemKind.Deadline,
                PlanItemKind.Period => PlanItemKind.Event,
                _ => kind,
            };
        }
        else if (DayOnly().Match(text) is { Success: true } only && schedule is Recurrence.Monthly or Recurrence.Quarterly)
        {
            var number = int.Parse(only.Groups[1].Value, CultureInfo.InvariantCulture);
            var dayText = number == 0 ? "last" : number.ToString(CultureInfo.InvariantCulture);
            recurrence = (schedule is Recurrence.Monthly ? "monthly " : "quarterly ") + dayText;
        }

        return recurrence is not null && Recurrence.TryParse(recurrence, out var parsed, out _)
            ? item with { Recurrence = parsed.ToString(), Kind = kind, From = null, Until = null }
            : null;
    }

    /// <summary>
    /// The date of a recurrence as the official would type it to change it (what <see cref="Correct"/> reads):
    /// "15/11/2026", "15/11", "01/06-30/06", "25" (0: the last day), "Q3/2026" (within a quarter); null for weekly work.
    /// </summary>
    public static string? Typed(string recurrence) =>
        Recurrence.TryParse(recurrence, out var schedule, out _)
            ? schedule switch
            {
                Recurrence.Once once => once.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                Recurrence.Yearly { Days: [var day] } => day.ToString(),
                Recurrence.LunarYearly lunar => lunar.LunarDay.ToString(),
                Recurrence.YearlyRange range => $"{range.First}-{range.Last}",
                Recurrence.Monthly monthly => monthly.Day.ToString(CultureInfo.InvariantCulture),
                Recurrence.Quarterly quarterly => quarterly.Day.ToString(CultureInfo.InvariantCulture),
                Recurrence.WithinQuarter within => string.Create(CultureInfo.InvariantCulture, $"Q{within.Quarter}/{within.Year}"),
                _ => null,
            }
            : null;

    /// <summary>A recurrence in words: "hằng năm, ngày 15/11", "every quarter on its last day", "trong quý 3/2024 (hạn 30/09/2024)".</summary>
    public static string Describe(string recurrence, Language language, DateOnly? until = null)
    {
        if (!Recurrence.TryParse(recurrence, out var schedule, out _))
        {
            return recurrence;
        }

        static string Day(Recurrence.DayMonth day) => day.ToString();
        var words = schedule switch
        {
            Recurrence.Once once => PlanTexts.Format("When_once", language, once.Date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
            Recurrence.Yearly yearly => PlanTexts.Format("When_yearly", language, string.Join(", ", yearly.Days.Select(Day))),
            Recurrence.Monthly { Day: 0 } => PlanTexts.Get("When_monthly_last", language),
            Recurrence.Monthly monthly => PlanTexts.Format("When_monthly", language, monthly.Day),
            Recurrence.Quarterly { Day: 0 } => PlanTexts.Get("When_quarterly_last", language),
            Recurrence.Quarterly quarterly => PlanTexts.Format("When_quarterly", language, quarterly.Day),
            Recurrence.Weekly weekly => PlanTexts.Format("When_weekly", language, CoreTexts.Weekday(weekly.Weekday, language)),
            Recurrence.WithinQuarter within => PlanTexts.Format("When_within", language, within.Quarter, within.Year, within.Last.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)),
            Recurrence.LunarYearly lunar => PlanTexts.Format("When_lunar", language, Day(lunar.LunarDay)),
            Recurrence.YearlyRange range => PlanTexts.Format("When_range", language, Day(range.First), Day(range.Last)),
            _ => recurrence,
        };
        return until is { } last ? PlanTexts.Format("When_only", language, words, last.Year) : words;
    }

    /// <summary>
    /// The date an item was due that has already passed, or null: a one-off or a quarter before today, an item the
    /// plan bounded to a year that is over. Such an item is still created but never reminds.
    /// </summary>
    public static DateOnly? Passed(ExtractedItem item, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!Recurrence.TryParse(item.Recurrence, out var schedule, out _))
        {
            return null;
        }

        return schedule switch
        {
            Recurrence.Once once when once.Date < today => once.Date,
            Recurrence.WithinQuarter within when within.Last < today => within.Last,
            _ when item.Until is { } until && until < today => until,
            _ => null,
        };
    }

    /// <summary>The items (numbered from 1) whose date has passed, as "3 (20/03/2024)", for a warning; empty when none has.</summary>
    public static IReadOnlyList<(int Number, DateOnly Date)> PassedItems(IReadOnlyList<ExtractedItem> items, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items.Select((item, index) => (Number: index + 1, Date: Passed(item, today))).Where(x => x.Date is not null).Select(x => (x.Number, x.Date!.Value))];
    }

    /// <summary>The warning about items whose date has passed, in the language asked; null when none has.</summary>
    public static string? PassedWarning(IReadOnlyList<(int Number, DateOnly Date)> passed, Language language)
    {
        ArgumentNullException.ThrowIfNull(passed);
        return passed.Count == 0 ? null : PlanTexts.Format("ChatPast", language,
            string.Join(", ", passed.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Number} ({p.Date:dd/MM/yyyy})"))));
    }

    private static string Two(string digits) => digits.PadLeft(2, '0');

    [GeneratedRegex(@"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})\s*[-–]\s*(\d{1,2})/(\d{1,2})$")]
    private static partial Regex DayRange();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})$")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"^(\d{1,2})$")]
    private static partial Regex DayOnly();

    // Folded, spaces removed: "q3/2026", "quy4", "quyiii-2026".
    [GeneratedRegex(@"^(?:q|quy)([1-4]|iv|iii|ii|i)(?:[/.\-](\d{4}))?$")]
    private static partial Regex QuarterText();
}
