namespace ChildCare.Core.Deadlines;

/// <summary>What a planning run did.</summary>
public sealed record PlanningResult(int Rules, int NewOccurrences, DateOnly From, DateOnly To);
