using System.Globalization;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// A deadline or yearly event a unit owes, from a plan (KẾ HOẠCH): what, for whom, when, and how long ahead
/// to remind. Deleting keeps the row (done occurrences stay on record) with <see cref="DeletedAt"/> set.
/// </summary>
public sealed class DeadlineRule
{
    public static readonly IReadOnlyList<int> DefaultLeadDays = [14, 7, 3, 1, 0];

    public long Id { get; set; }

    /// <summary>Stable key for imports (plan code / rule); unique.</summary>
    public required string Code { get; set; }

    public long UnitId { get; set; }

    public Units.Unit? Unit { get; set; }

    public OfficialRole Role { get; set; }

    public RuleKind Kind { get; set; }

    public required string TitleVi { get; set; }

    public required string TitleEn { get; set; }

    /// <summary>Canonical <see cref="Deadlines.Recurrence"/> text.</summary>
    public required string Recurrence { get; set; }

    /// <summary>Days before the due date to remind, e.g. "14,7,3,1,0"; empty for the defaults.</summary>
    public string LeadDays { get; set; } = "";

    public DateOnly? ValidFrom { get; set; }

    public DateOnly? ValidUntil { get; set; }

    public string? PlanCode { get; set; }

    public string? PlanTitle { get; set; }

    /// <summary>The plan's own words for this obligation, shown under "Chi tiết".</summary>
    public string? Source { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public List<EventTheme> Themes { get; } = [];

    public string Title(Language language) => language == Language.En ? TitleEn : TitleVi;

    /// <summary>The title of the occurrence due on <paramref name="due"/>: a year in it follows the occurrence.</summary>
    public string Title(Language language, DateOnly due) => OccurrenceTitles.For(Title(language), Kind, Recurrence, due);

    public Recurrence Schedule() => Deadlines.Recurrence.Parse(Recurrence);

    /// <summary>
    /// The lead times in use: the rule's own, or the defaults without those as long as half the period
    /// (a monthly task is not announced two weeks ahead); a weekly task is reminded on its day only.
    /// </summary>
    public IReadOnlyList<int> Leads() => EffectiveLeads(ParseLeadDays(LeadDays), Schedule());

    public static IReadOnlyList<int> EffectiveLeads(IReadOnlyList<int>? own, Recurrence schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (own is { Count: > 0 })
        {
            return own;
        }

        if (schedule is Recurrence.Weekly)
        {
            return [0];
        }

        return DefaultLeadDays.Where(d => d == 0 || d * 2 < schedule.PeriodDays).ToList();
    }

    /// <summary>
    /// The lead times of a stored rule for planning: like <see cref="Leads()"/>, but a row that no longer
    /// parses (input is validated; a hand-edited row may not be) gives the defaults, or nothing to remind.
    /// </summary>
    public static IReadOnlyList<int> LeadsOf(string recurrence, string leadDays)
    {
        if (!Deadlines.Recurrence.TryParse(recurrence, out var schedule, out _))
        {
            return [];
        }

        try
        {
            return EffectiveLeads(ParseLeadDays(leadDays), schedule);
        }
        catch (FormatException)
        {
            return EffectiveLeads(null, schedule);
        }
    }

    /// <summary>
    /// Whether an occurrence is over on <paramref name="today"/>: an event once its day passed; a deadline once
    /// its Civil Code end passed (the next working day when the due date is a day off).
    /// </summary>
    public static bool IsOver(RuleKind kind, DateOnly due, DateOnly today, Calendar.HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return (kind == RuleKind.Deadline ? calendar.DeadlineEnd(due) : due) < today;
    }

    public static IReadOnlyList<int>? ParseLeadDays(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var days = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day) || day > 366)
            {
                throw new FormatException($"'{text}' is not a list of lead days; expected whole numbers from 0 to 366 separated by commas, e.g. '14,7,3,1,0'.");
            }

            days.Add(day);
        }

        return days.ToList();
    }

    public static string FormatLeadDays(IEnumerable<int>? days) =>
        days is null ? "" : string.Join(",", days.Distinct().OrderDescending().Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The theme of <paramref name="year"/>, if one was set.</summary>
    public EventTheme? ThemeOf(int year) => Themes.FirstOrDefault(t => t.Year == year);

    /// <summary>Whether the rule is in force on <paramref name="date"/>.</summary>
    public bool IsInForce(DateOnly date) =>
        DeletedAt is null && (ValidFrom is not { } from || date >= from) && (ValidUntil is not { } until || date <= until);
}
