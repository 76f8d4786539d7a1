namespace ChildCare.Core.Messaging;

/// <summary>Lower goes first: a case alert never waits behind a broadcast of two thousand reminders.</summary>
public enum MessagePriority
{
    Urgent = 0,
    Reply = 1,
    Reminder = 5,
    Bulk = 9,
}
