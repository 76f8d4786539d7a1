namespace ChildCare.Core.Deadlines;

public enum ReminderStatus
{
    Pending,

    /// <summary>Handed to the outbox.</summary>
    Sent,

    /// <summary>Not sent: a later reminder of the same occurrence was due too, or the moment passed long ago.</summary>
    Skipped,

    /// <summary>Not sent: done, unsubscribed, or the rule changed.</summary>
    Cancelled,
}
