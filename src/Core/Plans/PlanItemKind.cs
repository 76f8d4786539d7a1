namespace ChildCare.Core.Plans;

/// <summary>What an item found in a plan is; each maps onto a <see cref="Deadlines.RuleKind"/>.</summary>
public enum PlanItemKind
{
    /// <summary>A report to send by a date ("báo cáo 6 tháng trước ngày 10/5"): a deadline.</summary>
    Report,

    /// <summary>Work to finish by a date, in a month or within a quarter: a deadline.</summary>
    Deadline,

    /// <summary>Work repeated every week, month or quarter with no date of its own ("hằng tháng cập nhật"): a deadline.</summary>
    Recurring,

    /// <summary>Something held on a day (a named day, Mid-Autumn, a meeting): an event.</summary>
    Event,

    /// <summary>Something held over a period (Action Month, the summer, "từ ngày … đến ngày …"): an event.</summary>
    Period,
}
