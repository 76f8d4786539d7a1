using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Testing;

namespace ChildCare.Core.Tests.Deadlines;

/// <summary>
/// One yearly report due Sunday 15/11/2026 in the commune: by the Civil Code it ends Monday 16/11, the overdue
/// notice goes out Tuesday 17/11 and the escalation Wednesday 18/11, each at 08:00 Vietnam time. Lead 14 falls
/// on Sunday 01/11 (sent Friday 30/10), lead 7 on Sunday 08/11 (Friday 06/11), lead 3 on Thursday 12/11, and
/// leads 1 and 0 on the weekend, so both come on Friday 13/11 as one lead-0 reminder.
/// </summary>
public sealed class ReminderServiceTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    public static TheoryData<string, bool> ProvidersAndSupervisors => new()
    {
        { TestDatabase.Sqlite, true },
        { TestDatabase.Sqlite, false },
        { TestDatabase.Postgres, true },
        { TestDatabase.Postgres, false },
    };

    private const string Code = "report";
    private static readonly string[] ReminderActions = ["done", "snz", "info"];
    private static readonly DateOnly Due = new(2026, 11, 15);
    private static readonly DateTimeOffset LongAgo = DeadlineHost.At(2026, 1, 1, 8);

    /// <summary>The report's rule; with <paramref name="officer"/> chat 1 is its child protection officer and with
    /// <paramref name="chief"/> chat 2 the commune's supervisor, both subscribed long ago.</summary>
    private static async Task<DeadlineHost> ReportAsync(string provider, DateTimeOffset now, bool officer = true, bool chief = false, string kind = "Deadline", string recurrence = "yearly 15/11")
    {
        var host = await DeadlineHost.StartAsync(provider, now);
        await host.ImportAsync(DeadlineHost.Rule(Code, recurrence, kind: kind));
        if (officer)
        {
            await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, since: LongAgo);
        }

        if (chief)
        {
            await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.Supervisor, since: LongAgo);
        }

        return host;
    }

    /// <summary>Reminders materialised Thursday 12/11 at 07:00; then nothing runs until <paramref name="back"/>.</summary>
    private static async Task<DeadlineHost> DownUntilAsync(string provider, DateTimeOffset back)
    {
        var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 7));
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        host.SetNow(back);
        return host;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MaterialiseAsync_MovesLeadZeroToFridayAt8_WhenDueDateIsSunday(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), officer: false);
        // Joined today: the reminders of 30/10 and 06/11 were before their time and are not owed.
        var official = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);

        var inserted = await host.Reminders.MaterialiseAsync(CancellationToken.None);

        Assert.Equal(2, inserted);
        var reminders = await host.RemindersAsync();
        Assert.Equal(
            [(3, DeadlineHost.At(2026, 11, 12, 8)), (0, DeadlineHost.At(2026, 11, 13, 8))],
            reminders.OrderByDescending(r => r.LeadDays).Select(r => (r.LeadDays, r.SendAt)));
        Assert.Equal(new DateTimeOffset(2026, 11, 13, 1, 0, 0, TimeSpan.Zero), reminders.Single(r => r.LeadDays == 0).SendAt);
        Assert.All(reminders, r => Assert.Equal((official.Id, ReminderKind.Ahead, ReminderStatus.Pending), (r.OfficialId, r.Kind, r.Status)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MaterialiseAsync_InsertsNothing_WhenRunAgain(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9));

        var first = await host.Reminders.MaterialiseAsync(CancellationToken.None);
        var second = await host.Reminders.MaterialiseAsync(CancellationToken.None);

        Assert.Equal((4, 0), (first, second));
        Assert.Equal(4, (await host.RemindersAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_EnqueuesReminderNamingSundayInOfficialsLanguage_WhenLeadZeroIsDue(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), officer: false);
        var vi = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);
        var en = await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.ChildProtection, Language.En);
        Assert.Equal(2, await host.RunRemindersAsync()); // lead 3, one each

        host.SetNow(DeadlineHost.At(2026, 11, 13, 8, 5));
        var sent = await host.RunRemindersAsync();

        Assert.Equal(2, sent);
        var leadZero = (await host.RemindersAsync()).Where(r => r.LeadDays == 0).ToList();
        Assert.All(leadZero, r => Assert.Equal((ReminderStatus.Sent, false), (r.Status, r.Late)));
        var messages = (await host.OutboxAsync()).Skip(2).ToList();
        Assert.Equal(
            leadZero.OrderBy(r => r.OfficialId).Select(r => $"reminder:{r.Id}"),
            messages.OrderBy(m => m.ChatId).Select(m => m.DedupKey));
        var toVi = Assert.Single(messages, m => m.ChatId == vi.ChatId);
        // The plan's Sunday is named, and the deadline read as its legal end: the close of Monday 16/11.
        Assert.Contains("Chủ nhật, 15/11/2026", toVi.Text, StringComparison.Ordinal);
        Assert.Contains("Hạn: hết Thứ Hai 16/11/2026 (3 ngày nữa)", toVi.Text, StringComparison.Ordinal);
        Assert.Contains(CoreTexts.Get("ReminderMovedFromDayOff", Language.Vi), toVi.Text, StringComparison.Ordinal);
        var toEn = Assert.Single(messages, m => m.ChatId == en.ChatId);
        Assert.Contains("Sunday 15/11/2026", toEn.Text, StringComparison.Ordinal);
        Assert.Contains("Due: by the end of Monday 16/11/2026 (3 days from now)", toEn.Text, StringComparison.Ordinal);
        Assert.Contains("Report report", toEn.Text, StringComparison.Ordinal);
        var occurrence = await host.OccurrenceAsync(Code, Due);
        Assert.All(messages, m => Assert.Contains(ReminderTexts.Callback("done", occurrence.Id), m.KeyboardJson, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_SendsOnlyLatestMarkedLate_WhenServiceWasDownPastSeveralLeads(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 10, 20, 9));

        // Down from 20/10 until Thursday 12/11 11:00: leads 14, 7 and 3 came and went.
        host.SetNow(DeadlineHost.At(2026, 11, 12, 11));
        var sent = await host.RunRemindersAsync();

        Assert.Equal(1, sent);
        var reminders = (await host.RemindersAsync()).ToDictionary(r => r.LeadDays);
        Assert.Equal(ReminderStatus.Skipped, reminders[14].Status);
        Assert.Equal(ReminderStatus.Skipped, reminders[7].Status);
        Assert.Equal((ReminderStatus.Sent, true), (reminders[3].Status, reminders[3].Late));
        Assert.Equal(ReminderStatus.Pending, reminders[0].Status);
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Equal($"reminder:{reminders[3].Id}", message.DedupKey);
        Assert.Contains(CoreTexts.Get("ReminderLate", Language.Vi), message.Text, StringComparison.Ordinal);
        Assert.Contains("4 ngày nữa", message.Text, StringComparison.Ordinal); // to the close of Monday 16/11
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_SkipsAheadReminders_WhenDeadlineAlreadyPassed(string provider)
    {
        // Down until Tuesday 17/11 07:00: the deadline ended Monday 16/11; the overdue notice is not due yet.
        await using var host = await DownUntilAsync(provider, DeadlineHost.At(2026, 11, 17, 7));

        var sent = await host.Reminders.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(0, sent);
        Assert.All(await host.RemindersAsync(), r => Assert.Equal(ReminderStatus.Skipped, r.Status));
        Assert.Empty(await host.OutboxAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_SendsAheadReminder_OnMondayWhenSundayDeadlineEndsThen(string provider)
    {
        await using var host = await DownUntilAsync(provider, DeadlineHost.At(2026, 11, 16, 9));

        var sent = await host.Reminders.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(1, sent);
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Contains(CoreTexts.Get("ReminderLate", Language.Vi), message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProvidersAndSupervisors))]
    public async Task RunReminders_SendsOneOverdueThenOneEscalation_WhenNobodyMarksDone(string provider, bool unitHasSupervisor)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), officer: false);
        var responsible = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, since: LongAgo);
        var health = await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.Health, since: LongAgo);
        var parentSupervisor = await host.SubscribeAsync(3, DeadlineHost.Province, OfficialRole.Supervisor, since: LongAgo);
        var ownSupervisor = unitHasSupervisor ? await host.SubscribeAsync(4, DeadlineHost.Commune, OfficialRole.Supervisor, since: LongAgo) : null;
        var supervisor = ownSupervisor ?? parentSupervisor;

        foreach (var (day, hour) in new[] { (12, 9), (13, 9), (16, 9), (17, 7), (17, 9), (17, 15), (18, 7), (18, 9), (18, 16), (19, 9), (20, 9), (23, 9), (30, 9) })
        {
            host.SetNow(DeadlineHost.At(2026, 11, day, hour));
            await host.RunRemindersAsync();
            await host.RunRemindersAsync();
        }

        var reminders = await host.RemindersAsync();
        var overdue = Assert.Single(reminders, r => r.Kind == ReminderKind.Overdue);
        Assert.Equal((responsible.Id, DeadlineHost.At(2026, 11, 17, 8), ReminderStatus.Sent, false), (overdue.OfficialId, overdue.SendAt, overdue.Status, overdue.Late));
        var escalation = Assert.Single(reminders, r => r.Kind == ReminderKind.Escalation);
        Assert.Equal((supervisor.Id, DeadlineHost.At(2026, 11, 18, 8), ReminderStatus.Sent, false), (escalation.OfficialId, escalation.SendAt, escalation.Status, escalation.Late));

        var messages = await host.OutboxAsync();
        Assert.Single(messages, m => m.DedupKey == $"reminder:{overdue.Id}" && m.ChatId == responsible.ChatId
            && m.Text.Contains("Quá hạn", StringComparison.Ordinal));
        var toSupervisor = Assert.Single(messages, m => m.ChatId == supervisor.ChatId);
        Assert.Equal($"reminder:{escalation.Id}", toSupervisor.DedupKey);
        Assert.Contains("Việc quá hạn chưa hoàn thành", toSupervisor.Text, StringComparison.Ordinal);
        Assert.Contains("Chủ nhật, 15/11/2026", toSupervisor.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.ChatId == health.ChatId);
        if (unitHasSupervisor)
        {
            Assert.DoesNotContain(messages, m => m.ChatId == parentSupervisor.ChatId);
        }

        // The responsible official: leads 3 and 0 on time, then the overdue notice, and nothing after.
        Assert.Equal(3, messages.Count(m => m.ChatId == responsible.ChatId));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunReminders_SendsNothingMore_WhenOccurrenceMarkedDone(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), chief: true);
        Assert.Equal(1, await host.RunRemindersAsync());
        var occurrence = await host.OccurrenceAsync(Code, Due);

        await host.ReminderDesk.ActAsync(DeadlineHost.Person(1), "done", occurrence.Id, CancellationToken.None);
        foreach (var day in new[] { 13, 16, 17, 18, 19 })
        {
            host.SetNow(DeadlineHost.At(2026, 11, day, 9));
            Assert.Equal(0, await host.RunRemindersAsync());
        }

        var reminders = await host.RemindersAsync();
        Assert.Equal(ReminderStatus.Cancelled, Assert.Single(reminders, r => r.LeadDays == 0).Status);
        Assert.DoesNotContain(reminders, r => r.Kind is ReminderKind.Overdue or ReminderKind.Escalation);
        Assert.DoesNotContain(reminders, r => r.Status == ReminderStatus.Pending);
        Assert.Single(await host.OutboxAsync());
    }

    /// <summary>The chat said "(Chủ nhật, 15/11/2026)" where the pages said "hết Thứ Hai 16/11/2026" (an outside tester's finding).</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActDone_NamesTheLegalLastDay_WhenTheDueDateIsASunday(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 16, 9), chief: true);
        var occurrence = await host.OccurrenceAsync(Code, Due);

        var replies = await host.ReminderDesk.ActAsync(DeadlineHost.Person(1), "done", occurrence.Id, CancellationToken.None);

        Assert.Equal(2, replies.Count);
        Assert.All(replies, r => Assert.Contains("hết Thứ Hai 16/11/2026", r.Text, StringComparison.Ordinal));
        Assert.All(replies, r => Assert.DoesNotContain("15/11/2026", r.Text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MarkDone_RecordsItAsTheChatDoes_AndTellsTheOthers_WhenAnOfficialOfTheUnitPressesItOnTheWeb(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 17, 9), officer: false, chief: true);
        var webOnly = await host.SubscribeAsync(11, DeadlineHost.Commune, OfficialRole.ChildProtection, since: LongAgo);
        var ward = await host.SubscribeAsync(12, DeadlineHost.Ward, OfficialRole.ChildProtection, since: LongAgo);
        var occurrence = await host.OccurrenceAsync(Code, Due);

        var refused = await host.ReminderDesk.MarkDoneAsync(ward.Id, occurrence.Id, CancellationToken.None);
        var done = await host.ReminderDesk.MarkDoneAsync(webOnly.Id, occurrence.Id, CancellationToken.None);
        var again = await host.ReminderDesk.MarkDoneAsync(webOnly.Id, occurrence.Id, CancellationToken.None);

        Assert.Equal(DeadlineDoneOutcome.NotYours, refused.Outcome);
        Assert.Equal(DeadlineDoneOutcome.Done, done.Outcome);
        Assert.Equal(DeadlineDoneOutcome.Already, again.Outcome);
        var told = Assert.Single(done.Tell);
        Assert.Equal(2, told.ChatId);
        Assert.Equal(MessagePurposes.ReminderDone, told.Purpose);
        Assert.Contains("hết Thứ Hai 16/11/2026", told.Text, StringComparison.Ordinal);
        Assert.Empty(again.Tell);
        var recorded = await host.OccurrenceAsync(Code, Due);
        Assert.Equal((OccurrenceStatus.Done, (long?)webOnly.Id, (DateTimeOffset?)DeadlineHost.At(2026, 11, 17, 9)), (recorded.Status, recorded.DoneByOfficialId, recorded.DoneAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_CancelsPendingReminder_WhenOccurrenceDoneBehindItsBack(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), officer: false);
        await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        await using (var db = host.Db())
        {
            var occurrence = db.Occurrences.Single(o => o.DueDate == Due);
            Assert.True(occurrence.MarkDone(1, host.Time.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        host.SetNow(DeadlineHost.At(2026, 11, 13, 9));
        var sent = await host.Reminders.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(0, sent);
        var reminders = await host.RemindersAsync();
        Assert.Equal(ReminderStatus.Cancelled, Assert.Single(reminders, r => r.LeadDays == 0).Status);
        Assert.DoesNotContain(reminders, r => r.Status is ReminderStatus.Sent or ReminderStatus.Pending);
        Assert.Empty(await host.OutboxAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunReminders_SendsNoOverdue_WhenRuleDeletedBeforeDeadlineEnded(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), chief: true);
        await host.RunRemindersAsync();
        var occurrence = await host.OccurrenceAsync(Code, Due);

        // Monday 16/11, the last day of the deadline: the administrator deletes the rule.
        host.SetNow(DeadlineHost.At(2026, 11, 16, 10));
        Assert.True(await host.Admin.DeleteRuleAsync(occurrence.RuleId, CancellationToken.None));
        foreach (var (day, hour) in new[] { (16, 11), (17, 9), (18, 9) })
        {
            host.SetNow(DeadlineHost.At(2026, 11, day, hour));
            await host.RunRemindersAsync();
        }

        // Only the lead-3 reminder of Thursday, sent before the rule was deleted: no late lead-0 reminder,
        // no overdue notice, no escalation for a rule that no longer exists.
        Assert.DoesNotContain(await host.RemindersAsync(), r => r.Kind is ReminderKind.Overdue or ReminderKind.Escalation && r.Status == ReminderStatus.Sent);
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Contains("4 ngày nữa", message.Text, StringComparison.Ordinal); // to the close of Monday 16/11
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunReminders_SendsNoOverdueNorEscalation_WhenRuleIsAnEvent(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 11, 12, 9), chief: true, kind: "Event");

        foreach (var day in new[] { 12, 13, 16, 17, 18, 19 })
        {
            host.SetNow(DeadlineHost.At(2026, 11, day, 9));
            await host.RunRemindersAsync();
        }

        Assert.DoesNotContain(await host.RemindersAsync(), r => r.Kind is ReminderKind.Overdue or ReminderKind.Escalation);
        var messages = await host.OutboxAsync();
        Assert.Equal(2, messages.Count); // leads 3 and 0
        Assert.All(messages, m => Assert.Equal(1, m.ChatId));
        Assert.Contains("Sắp diễn ra", messages[^1].Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Tết 2026 is off from Saturday 14/02 to Sunday 22/02. A report due Thursday 05/03 has its lead-14 day on
    /// 19/02, in the holiday, so that reminder belongs to Friday 13/02, twenty days ahead. The Scheduler runs
    /// every morning, holidays included.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RunReminders_SendsLeadMovedBeforeTetOnTime_WhenSchedulerRunsDaily(string provider)
    {
        await using var host = await ReportAsync(provider, DeadlineHost.At(2026, 2, 2, 9), recurrence: "yearly 05/03");

        for (var day = new DateOnly(2026, 2, 2); day <= new DateOnly(2026, 3, 5); day = day.AddDays(1))
        {
            host.SetNow(DeadlineHost.At(day.Year, day.Month, day.Day, 9));
            await host.RunRemindersAsync();
        }

        var leadFourteen = Assert.Single(await host.RemindersAsync(), r => r.LeadDays == 14);
        Assert.Equal(
            (DeadlineHost.At(2026, 2, 13, 8), ReminderStatus.Sent, false),
            (leadFourteen.SendAt, leadFourteen.Status, leadFourteen.Late));
        var holiday = (DeadlineHost.At(2026, 2, 14, 0), DeadlineHost.At(2026, 2, 23, 0));
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.CreatedAt >= holiday.Item1 && m.CreatedAt < holiday.Item2);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_SendsOneMessageWithEachReminderAndItsOwnButtons_WhenThreeAreDueForOneOfficial(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 11, 12, 7));
        await host.ImportAsync(
            DeadlineHost.Rule(Code, "yearly 15/11"),
            DeadlineHost.Rule("census", "yearly 15/11"),
            DeadlineHost.Rule("fund", "yearly 15/11"));
        var officer = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, since: LongAgo);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        host.SetNow(DeadlineHost.At(2026, 11, 12, 8, 5));

        var sent = await host.Reminders.DispatchDueAsync(CancellationToken.None);

        Assert.Equal(3, sent); // reminders, not messages
        var leadThree = (await host.RemindersAsync()).Where(r => r.LeadDays == 3).OrderBy(r => r.Id).ToList();
        Assert.Equal(3, leadThree.Count);
        Assert.All(leadThree, r => Assert.Equal(ReminderStatus.Sent, r.Status));
        var message = Assert.Single(await host.OutboxAsync());
        Assert.Equal(officer.ChatId, message.ChatId);
        Assert.Equal("reminders:" + string.Join(',', leadThree.Select(r => r.Id)), message.DedupKey);
        Assert.Contains(CoreTexts.Format("DigestHeading", Language.Vi, 3), message.Text, StringComparison.Ordinal);
        Assert.Contains("<b>3.</b>", message.Text, StringComparison.Ordinal);
        var keyboard = Keyboard.FromJson(message.KeyboardJson)!;
        Assert.Equal(3, keyboard.Rows.Count);
        foreach (var (reminder, row) in leadThree.Zip(keyboard.Rows))
        {
            // Each row acts on its own occurrence: done, snooze and details, as the reminder sent alone has.
            Assert.Equal(
                ReminderActions.Select(action => ReminderTexts.Callback(action, reminder.OccurrenceId)),
                row.Select(b => b.CallbackData));
        }

        // Done on one item marks that occurrence only.
        var census = await host.OccurrenceAsync("census", Due);
        await host.ReminderDesk.ActAsync(DeadlineHost.Person(1), "done", census.Id, CancellationToken.None);
        Assert.Equal(OccurrenceStatus.Done, (await host.OccurrenceAsync("census", Due)).Status);
        Assert.Equal(OccurrenceStatus.Open, (await host.OccurrenceAsync(Code, Due)).Status);
        Assert.Equal(OccurrenceStatus.Open, (await host.OccurrenceAsync("fund", Due)).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DispatchDueAsync_AddsNothing_WhenRunAgainAfterADigest(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 11, 12, 7));
        await host.ImportAsync(DeadlineHost.Rule(Code, "yearly 15/11"), DeadlineHost.Rule("census", "yearly 15/11"));
        await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, since: LongAgo);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        host.SetNow(DeadlineHost.At(2026, 11, 12, 8, 5));

        Assert.Equal(2, await host.Reminders.DispatchDueAsync(CancellationToken.None));
        Assert.Equal(0, await host.Reminders.DispatchDueAsync(CancellationToken.None));

        Assert.Single(await host.OutboxAsync());
    }
}
