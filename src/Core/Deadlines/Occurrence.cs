using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// <see cref="MarkDone"/> as one conditional statement on the stored row (done only while still open), so that
    /// two colleagues pressing at once, on one node or two, record one of them; false when someone else was first.
    /// A statement rather than a tracked save: the status is no concurrency token, and the row is the truth.
    /// </summary>
    public static async Task<bool> MarkDoneAsync(IQueryable<Occurrence> occurrence, long officialId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await occurrence
            .Where(o => o.Status == OccurrenceStatus.Open)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OccurrenceStatus.Done)
                .SetProperty(o => o.DoneAt, now)
                .SetProperty(o => o.DoneByOfficialId, officialId), cancellationToken) > 0;

    /// <summary>
    /// A reminder again on <paramref name="day"/> at <paramref name="sendAt"/>, for an open occurrence whose deadline
    /// has not ended by then (<paramref name="deadlineEnd"/>); null when it is too late to snooze.
    /// </summary>
    public Reminder? Snooze(long officialId, DateOnly day, DateTimeOffset sendAt, DateOnly deadlineEnd)
    {
        if (Status != OccurrenceStatus.Open || day > deadlineEnd)
        {
            return null;
        }

        // Stored in UTC: PostgreSQL's timestamptz takes no other offset.
        return new Reminder { OccurrenceId = Id, OfficialId = officialId, Kind = ReminderKind.Snoozed, LeadDays = DueDate.DayNumber - day.DayNumber, SendAt = sendAt.ToUniversalTime(), Status = ReminderStatus.Pending };
    }

    /// <summary>Still wanted by its rule after a change: open again, with the rule's unit and end date. Done stays done.</summary>
    public bool Keep(DateOnly? endDate, long unitId)
    {
        if (Status == OccurrenceStatus.Done)
        {
            return false;
        }

        Status = OccurrenceStatus.Open;
        EndDate = endDate;
        UnitId = unitId;
        return true;
    }

    /// <summary>No longer wanted by its rule (changed or deleted). Done stays done.</summary>
    public bool Cancel()
    {
        if (Status == OccurrenceStatus.Done)
        {
            return false;
        }

        Status = OccurrenceStatus.Cancelled;
        return true;
    }
}
