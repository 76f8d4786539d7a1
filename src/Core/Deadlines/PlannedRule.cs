namespace ChildCare.Core.Deadlines;

/// <summary>
/// That a rule's occurrences are planned, and from which definition: the per-rule half of the planning fingerprint
/// (<see cref="PlanningHorizon"/> is the other). No row: never planned. A <see cref="Version"/> that is not the
/// rule's <see cref="DeadlineRule.UpdatedAt"/>: edited and not re-planned yet, so the next planning run does it.
/// </summary>
/// <remarks>
/// A narrow row of its own, not a column of the rule: a first plan marks every rule, and updating a column of
/// 200,000 rules rewrote each wide rule row and its three indexes, a fifth of what PostgreSQL spent on that plan.
/// </remarks>
public sealed class PlannedRule
{
    public long RuleId { get; set; }

    /// <summary>The <see cref="DeadlineRule.UpdatedAt"/> of the definition the occurrences were planned from.</summary>
    public DateTimeOffset Version { get; set; }
}
