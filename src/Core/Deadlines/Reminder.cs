using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// One message owed to one official about one occurrence. Unique per occurrence, official, kind and lead
/// time, so planning twice, or on two nodes, never makes a second one.
/// </summary>
/// <remarks>
/// Only a pending reminder changes status, and only here. The changes are conditional statements over many rows
/// (a dispatch run, an official leaving), not tracked saves: one statement per chunk, and a row another node has
/// already sent, skipped or cancelled is left as that node wrote it.
/// </remarks>
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

    /// <summary>Handed to the outbox at <paramref name="sentAt"/>; <paramref name="late"/> when well after its moment.</summary>
    /// <returns>How many were still pending and are now sent.</returns>
    public static Task<int> MarkSentAsync(IQueryable<Reminder> reminders, DateTimeOffset sentAt, bool late, CancellationToken cancellationToken) =>
        Pending(reminders).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Sent).SetProperty(r => r.SentAt, sentAt).SetProperty(r => r.Late, late), cancellationToken);

    /// <summary>Not sent because a later one of the same kind speaks for it, or the overdue notice does.</summary>
    public static Task<int> SkipAsync(IQueryable<Reminder> reminders, CancellationToken cancellationToken) =>
        Pending(reminders).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Skipped), cancellationToken);

    /// <summary>Not owed any more: the occurrence is done or gone, or the official left the unit.</summary>
    public static Task<int> CancelAsync(IQueryable<Reminder> reminders, CancellationToken cancellationToken) =>
        Pending(reminders).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReminderStatus.Cancelled), cancellationToken);

    private static IQueryable<Reminder> Pending(IQueryable<Reminder> reminders) => reminders.Where(r => r.Status == ReminderStatus.Pending);
}
