namespace ChildCare.Core.Deadlines;

public enum OccurrenceStatus
{
    Open,
    Done,

    /// <summary>The rule changed or was deleted and no longer falls due on this day.</summary>
    Cancelled,
}
