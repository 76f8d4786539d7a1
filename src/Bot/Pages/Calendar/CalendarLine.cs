using ChildCare.Core.Deadlines;

namespace ChildCare.Bot.Pages.Calendar;

/// <summary>One unit's occurrence of a deadline or event in the month shown.</summary>
public sealed record CalendarItem(long Id, DateOnly Due, DateOnly? End, OccurrenceStatus Status, DateTimeOffset? DoneAt, long? DoneBy, long UnitId, string Title, RuleKind Kind, bool Over, bool Lunar);

/// <summary>
/// One line of the calendar: the occurrences of the same item (title, kind, dates) in every unit that owes it,
/// so a rule given to many communes is one line naming them rather than one line per commune.
/// </summary>
public sealed record CalendarLine(DateOnly Due, DateOnly? End, string Title, RuleKind Kind, bool Lunar, IReadOnlyList<CalendarItem> Units)
{
    public bool AllDone => Units.All(u => u.Status == OccurrenceStatus.Done);

    public bool AnyOverdue => Kind == RuleKind.Deadline && Units.Any(u => u.Over);

    public static IReadOnlyList<CalendarLine> Group(IEnumerable<CalendarItem> items) => items
        .GroupBy(i => (i.Due, i.End, i.Title, i.Kind))
        .Select(g => new CalendarLine(g.Key.Due, g.Key.End, g.Key.Title, g.Key.Kind, g.Any(i => i.Lunar), [.. g.OrderBy(i => i.UnitId)]))
        .OrderBy(l => l.Due).ThenBy(l => l.Kind).ThenBy(l => l.Title, StringComparer.Ordinal)
        .ToList();
}
