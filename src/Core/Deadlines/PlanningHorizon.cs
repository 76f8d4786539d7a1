namespace ChildCare.Core.Deadlines;

/// <summary>
/// How far every rule's occurrences have been planned: one row for the whole installation. With each rule's
/// <see cref="PlannedRule"/> it is the planning fingerprint: a run plans only the days past
/// <see cref="PlannedThrough"/> and the rules whose definition changed since they were planned.
/// </summary>
public sealed class PlanningHorizon
{
    /// <summary>The one row's key.</summary>
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The last day every rule in force has been planned to.</summary>
    public DateOnly PlannedThrough { get; set; }
}
