using ChildCare.Core.Calendar;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Deadlines;

/// <summary>One upcoming occurrence as the API lists it.</summary>
public sealed record UpcomingItem(
    long OccurrenceId,
    long RuleId,
    string RuleCode,
    RuleKind Kind,
    string TitleVi,
    string TitleEn,
    string UnitCode,
    string UnitNameVi,
    string UnitNameEn,
    OfficialRole Role,
    DateOnly DueDate,
    DateOnly? EndDate,
    string Weekday,
    LunarDate? LunarDate,
    string? ThemeVi,
    string? ThemeEn,
    OccurrenceStatus Status,
    string Recurrence);
