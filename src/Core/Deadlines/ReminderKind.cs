namespace ChildCare.Core.Deadlines;

public enum ReminderKind
{
    /// <summary>Ahead of the due date, one per lead time.</summary>
    Ahead,

    /// <summary>Asked for again with "Nhắc lại sau".</summary>
    Snoozed,

    /// <summary>The deadline passed and nobody marked it done: to the responsible officials, once.</summary>
    Overdue,

    /// <summary>One working day after the overdue notice: to the unit's supervisor, once.</summary>
    Escalation,
}
