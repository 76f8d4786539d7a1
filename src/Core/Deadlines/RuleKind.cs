namespace ChildCare.Core.Deadlines;

public enum RuleKind
{
    /// <summary>Something to submit or finish by the due date; overdue work escalates.</summary>
    Deadline,

    /// <summary>An activity to run on a day or over a period; reminded ahead, never overdue.</summary>
    Event,
}
