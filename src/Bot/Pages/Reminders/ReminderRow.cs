using ChildCare.Core.Deadlines;

namespace ChildCare.Bot.Pages.Reminders;

/// <summary>What became of a reminder.</summary>
public enum ReminderOutcome
{
    Waiting,
    Delivered,
    Failed,
    Unreachable,
    Skipped,
    Cancelled,
}

public sealed record ReminderRow(long Id, DateTimeOffset SendAt, ReminderKind Kind, int LeadDays, long OfficialId, long UnitId, string Title, string Due, ReminderOutcome Outcome, DateTimeOffset? DeliveredAt, DateTimeOffset? DoneAt, long? DoneBy);

public sealed record UnreachableOfficial(long OfficialId, string? Name, DateTimeOffset Since, string Reason);
