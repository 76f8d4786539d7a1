namespace ChildCare.Core.Deadlines;

/// <summary>
/// One message owed to one official about one occurrence. Unique per occurrence, official, kind and lead
/// time, so planning twice, or on two nodes, never makes a second one.
/// </summary>
public sealed class Reminder
{
    public long Id { get; set; }

    public long OccurrenceId { get; set; }

    public Occurrence? Occurrence { get; set; }

    public long OfficialId { get; set; }

    public ReminderKind Kind { get; set; }

    /// <summary>Days before the due date the reminder was meant for (the working-day shift aside); for a
    /// snooze, the days before the due date of the day it was asked for.</summary>
    public int LeadDays { get; set; }

    public DateTimeOffset SendAt { get; set; }

    public ReminderStatus Status { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Sent well after its moment (the service was down): the message says so.</summary>
    public bool Late { get; set; }
}
