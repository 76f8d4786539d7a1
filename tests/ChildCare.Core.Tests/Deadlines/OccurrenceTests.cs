using ChildCare.Core.Deadlines;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class OccurrenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 6, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly DateOnly Due = new(2026, 3, 10);

    private static Occurrence Open() => new() { Id = 7, RuleId = 1, UnitId = 2, DueDate = Due, Status = OccurrenceStatus.Open };

    [Fact]
    public void MarkDone_RecordsWhoAndWhen_OnlyTheFirstTime()
    {
        var occurrence = Open();

        Assert.True(occurrence.MarkDone(11, Now));
        Assert.False(occurrence.MarkDone(12, Now.AddMinutes(1)));

        Assert.Equal(OccurrenceStatus.Done, occurrence.Status);
        Assert.Equal(11, occurrence.DoneByOfficialId);
        Assert.Equal(Now, occurrence.DoneAt);
    }

    [Fact]
    public void Snooze_MakesAPendingSnoozedReminderInUtc_WhenOpenAndBeforeTheDeadlineEnds()
    {
        var day = new DateOnly(2026, 3, 9);
        var at = new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(7));

        var reminder = Open().Snooze(11, day, at, deadlineEnd: Due);

        Assert.NotNull(reminder);
        Assert.Equal((7L, 11L, ReminderKind.Snoozed, 1, ReminderStatus.Pending), (reminder.OccurrenceId, reminder.OfficialId, reminder.Kind, reminder.LeadDays, reminder.Status));
        Assert.Equal(TimeSpan.Zero, reminder.SendAt.Offset);
        Assert.Equal(at, reminder.SendAt);
    }

    [Fact]
    public void Snooze_RefusesIt_WhenDoneOrWhenTheDayIsAfterTheDeadlineEnds()
    {
        var done = Open();
        done.MarkDone(11, Now);

        Assert.Null(done.Snooze(11, new DateOnly(2026, 3, 9), Now, deadlineEnd: Due));
        Assert.Null(Open().Snooze(11, Due.AddDays(1), Now, deadlineEnd: Due));
    }

    [Fact]
    public void KeepAndCancel_LeaveADoneOccurrenceDone()
    {
        var done = Open();
        done.MarkDone(11, Now);

        Assert.False(done.Cancel());
        Assert.False(done.Keep(null, 3));

        Assert.Equal(OccurrenceStatus.Done, done.Status);
        Assert.Equal(2, done.UnitId);
    }

    [Fact]
    public void Keep_ReopensWithTheRulesUnitAndEnd_WhenCancelledBefore()
    {
        var occurrence = Open();
        Assert.True(occurrence.Cancel());
        Assert.Equal(OccurrenceStatus.Cancelled, occurrence.Status);

        Assert.True(occurrence.Keep(Due.AddDays(20), 3));

        Assert.Equal((OccurrenceStatus.Open, (DateOnly?)Due.AddDays(20), 3L), (occurrence.Status, occurrence.EndDate, occurrence.UnitId));
    }
}
