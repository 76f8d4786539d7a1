namespace ChildCare.Core.Deadlines;

/// <summary>
/// One due date of a rule (unique per rule and date), materialised ahead by the planner. Done is recorded
/// once for the whole unit: who and when.
/// </summary>
public sealed class Occurrence
{
    public long Id { get; set; }

    public long RuleId { get; set; }

    public DeadlineRule? Rule { get; set; }

    public long UnitId { get; set; }

    public DateOnly DueDate { get; set; }

    /// <summary>The last day of a period event (Action Month).</summary>
    public DateOnly? EndDate { get; set; }

    public OccurrenceStatus Status { get; set; }

    /// <summary>
    /// Planned when its deadline had already passed (a new install, or a plan imported in the middle of the year):
    /// it stands in the calendar and in compliance as not marked done, but nobody is reminded of it, nor told it is
    /// overdue: nobody could have been reminded in time.
    /// </summary>
    public bool Backfilled { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public long? DoneByOfficialId { get; set; }

    /// <summary>Marks this occurrence done unless it already is; false when someone else was first.</summary>
    public bool MarkDone(long officialId, DateTimeOffset now)
    {
        if (Status != OccurrenceStatus.Open)
        {
            return false;
        }

        Status = OccurrenceStatus.Done;
        DoneAt = now;
        DoneByOfficialId = officialId;
        return true;
    }
}
