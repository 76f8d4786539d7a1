using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Plans;

/// <summary>
/// One deadline or event found in a plan: what (a short Vietnamese title), when (<see cref="Recurrence"/> in the
/// rules' own syntax, e.g. <c>yearly 15/11</c>, <c>once 2023-03-20</c>, <c>lunar-yearly 15/08</c>,
/// <c>within-quarter 2024-Q3</c>, <c>range 01/06-30/06</c>), who owes it (<see cref="Role"/>, and the plan's words
/// for the unit in <see cref="UnitText"/> where it names one) and the sentence it came from.
/// </summary>
public sealed record ExtractedItem(PlanItemKind Kind, string Title, string Recurrence, OfficialRole Role, string SourceText)
{
    /// <summary>An English title where one is known (named events, reports); otherwise the Vietnamese one is used.</summary>
    public string? TitleEn { get; init; }

    /// <summary>The plan's words for who owes it ("Phòng Giáo dục và Đào tạo", "xã, phường"), when it says.</summary>
    public string? UnitText { get; init; }

    /// <summary>A named event this is ("action-month", "mid-autumn"...), see <see cref="PlanEvents"/>.</summary>
    public string? Event { get; init; }

    /// <summary>The event's theme ("chủ đề") and the year it is for.</summary>
    public string? Theme { get; init; }

    public int? ThemeYear { get; init; }

    /// <summary>Set when the plan bounds the item to one year (a period "từ ngày 15/6 đến ngày 15/8/2026").</summary>
    public DateOnly? From { get; init; }

    public DateOnly? Until { get; init; }

    public RuleKind RuleKind => Kind is PlanItemKind.Event or PlanItemKind.Period ? RuleKind.Event : RuleKind.Deadline;

    public Recurrence Schedule() => Deadlines.Recurrence.Parse(Recurrence);
}
