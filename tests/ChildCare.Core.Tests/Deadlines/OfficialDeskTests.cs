using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Tests.Deadlines;

/// <summary>
/// The commune owes a report due Sunday 15/11/2026 (child protection) and a health check due 20/11; the ward
/// owes its own report due 16/11. The clock starts on Thursday 12/11/2026 at 09:00.
/// </summary>
public sealed class OfficialDeskTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    private const string Code = "report";
    private static readonly DateOnly Due = new(2026, 11, 15);
    private static readonly DateTimeOffset Thursday = DeadlineHost.At(2026, 11, 12, 9);

    private static async Task<DeadlineHost> CommuneAsync(string provider, DateTimeOffset? now = null)
    {
        var host = await DeadlineHost.StartAsync(provider, now ?? Thursday);
        await host.ImportAsync(
            DeadlineHost.Rule(Code, "yearly 15/11"),
            DeadlineHost.Rule("health", "yearly 20/11", role: "Health"),
            DeadlineHost.Rule("ward-report", "yearly 16/11", unit: DeadlineHost.Ward));
        return host;
    }

    private static async Task<string> InviteAsync(DeadlineHost host, int maxUses, int validDays = 7, string unit = DeadlineHost.Commune)
    {
        var invite = await host.OfficialAdmin.IssueInviteAsync(unit, OfficialRole.ChildProtection, validDays, maxUses, CancellationToken.None);
        return Assert.IsType<IssuedInvite>(invite).Code;
    }

    private static async Task<string> JoinAsync(DeadlineHost host, ChatPerson person, string code) =>
        Assert.Single(await host.Desk.JoinAsync(person, code, CancellationToken.None)).Text;

    private static async Task<OutboundMessage> ActAsync(DeadlineHost host, ChatPerson person, string action, long occurrenceId)
    {
        var replies = await host.ReminderDesk.ActAsync(person, action, occurrenceId, CancellationToken.None);
        Assert.Equal(person.ChatId, replies[0].ChatId);
        return replies[0];
    }

    private static async Task<List<Subscription>> SubscriptionsAsync(DeadlineHost host, long chatId)
    {
        await using var db = host.Db();
        return await db.Subscriptions.AsNoTracking().Include(s => s.Unit).Where(s => s.Official!.ChatId == chatId).ToListAsync();
    }

    private static string JoinDone(Language language) =>
        CoreTexts.Format("JoinDone", language, MessageHtml.Escape(language == Language.En ? "Test commune" : "Xã Thử"), ReminderTexts.Role(OfficialRole.ChildProtection, language));

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task JoinAsync_SubscribesOfficial_WhenInviteIsValid(string provider)
    {
        await using var host = await CommuneAsync(provider);
        var code = await InviteAsync(host, maxUses: 5);

        // Typed by hand: lower case, with a dash.
        var reply = await JoinAsync(host, DeadlineHost.Person(101, Language.En, "Lan"), $"{code[..5]}-{code[5..]}".ToLowerInvariant());

        Assert.Equal(JoinDone(Language.En), reply);
        var subscription = Assert.Single(await SubscriptionsAsync(host, 101));
        Assert.Equal((DeadlineHost.Commune, OfficialRole.ChildProtection, Thursday), (subscription.Unit!.Code, subscription.Role, subscription.Since));
        await using var db = host.Db();
        var official = await db.Officials.SingleAsync(o => o.ChatId == 101);
        Assert.Equal(("Lan", Language.En), (official.DisplayName, official.Language));
        Assert.Equal(1, (await db.Invites.SingleAsync()).Uses);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task JoinAsync_KeepsTheUnitFollowedSinceItsFirstJoin_WhenEveryoneLeftAndSomeoneJoinedAgain(string provider)
    {
        await using var host = await CommuneAsync(provider);
        var code = await InviteAsync(host, maxUses: 5);
        await JoinAsync(host, DeadlineHost.Person(101), code);
        await host.Desk.UnsubscribeAsync(DeadlineHost.Person(101), CancellationToken.None);
        // Ten days on, the report due 15/11 missed while the unit was followed, a newcomer joins.
        host.SetNow(Thursday.AddDays(10));
        await JoinAsync(host, DeadlineHost.Person(102), code);

        await using var db = host.Db();
        var unitId = await db.Units.Where(u => u.Code == DeadlineHost.Commune).Select(u => u.Id).SingleAsync();
        var since = await DeadlineTracking.SinceAsync(db, [unitId], CancellationToken.None);

        Assert.Equal(new DateOnly(2026, 11, 12), since[unitId]);
        Assert.Equal(Thursday, (await db.Units.SingleAsync(u => u.Id == unitId)).TrackedSince);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("expired")]
    [InlineData("used up")]
    public async Task JoinAsync_RefusesWithJoinInvalid_WhenCodeIsUnusable(string why)
    {
        await using var host = await CommuneAsync(TestDatabase.Sqlite);
        var code = why == "unknown" ? "ZZZZZ-ZZZZZ" : await InviteAsync(host, maxUses: 1, validDays: 1);
        if (why == "expired")
        {
            host.SetNow(Thursday.AddDays(1).AddMinutes(1));
        }
        else if (why == "used up")
        {
            Assert.Equal(JoinDone(Language.Vi), await JoinAsync(host, DeadlineHost.Person(100), code));
        }

        var reply = await JoinAsync(host, DeadlineHost.Person(101), code);

        Assert.Equal(CoreTexts.Get("JoinInvalid", Language.Vi), reply);
        Assert.Empty(await SubscriptionsAsync(host, 101));
    }

    [Fact]
    public async Task JoinAsync_AsksForCode_WhenCodeIsBlank()
    {
        await using var host = await CommuneAsync(TestDatabase.Sqlite);

        Assert.Equal(CoreTexts.Get("JoinUsage", Language.Vi), await JoinAsync(host, DeadlineHost.Person(101), " "));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task JoinAsync_SaysAlready_WhenSameOfficialJoinsTwice(string provider)
    {
        await using var host = await CommuneAsync(provider);
        var code = await InviteAsync(host, maxUses: 5);
        await JoinAsync(host, DeadlineHost.Person(101), code);

        var reply = await JoinAsync(host, DeadlineHost.Person(101), code);

        Assert.Equal(CoreTexts.Format("JoinAlready", Language.Vi, MessageHtml.Escape("Xã Thử"), ReminderTexts.Role(OfficialRole.ChildProtection, Language.Vi)), reply);
        Assert.Single(await SubscriptionsAsync(host, 101));
        await using var db = host.Db();
        Assert.Equal(1, (await db.Invites.SingleAsync()).Uses);
    }

    /// <summary>One invite shared in a group: officials join at the same moment, every one gets a use, none beyond the limit.</summary>
    [Theory]
    [InlineData(TestDatabase.Sqlite, 12)]
    [InlineData(TestDatabase.Postgres, 12)]
    [InlineData(TestDatabase.Postgres, 5)]
    public async Task JoinAsync_GivesEachOfficialAUse_WhenManyJoinWithOneInviteAtOnce(string provider, int maxUses)
    {
        await using var host = await CommuneAsync(provider);
        var code = await InviteAsync(host, maxUses);

        var replies = await Task.WhenAll(Enumerable.Range(200, 12).Select(chat => Task.Run(() => JoinAsync(host, DeadlineHost.Person(chat), code))));

        Assert.Equal(maxUses, replies.Count(r => r == JoinDone(Language.Vi)));
        Assert.All(replies.Where(r => r != JoinDone(Language.Vi)), r => Assert.Equal(CoreTexts.Get("JoinInvalid", Language.Vi), r));
        await using var db = host.Db();
        Assert.Equal(maxUses, (await db.Invites.SingleAsync()).Uses);
        Assert.Equal(maxUses, await db.Subscriptions.CountAsync());
    }

    /// <summary>The admin API issues single-use invites by default; opening the deep link again is common.</summary>
    [Fact]
    public async Task JoinAsync_SaysAlready_WhenSameOfficialReopensSingleUseInvite()
    {
        await using var host = await CommuneAsync(TestDatabase.Sqlite);
        var code = await InviteAsync(host, maxUses: 1);
        await JoinAsync(host, DeadlineHost.Person(101), code);

        var reply = await JoinAsync(host, DeadlineHost.Person(101), code);

        Assert.Equal(CoreTexts.Format("JoinAlready", Language.Vi, MessageHtml.Escape("Xã Thử"), ReminderTexts.Role(OfficialRole.ChildProtection, Language.Vi)), reply);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpcomingAsync_ListsOwnUnitAndRoleWithCountdown_InOfficialsLanguage(string provider)
    {
        await using var host = await CommuneAsync(provider);
        await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);
        await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.ChildProtection, Language.En);

        var vi = Assert.Single(await host.ReminderDesk.UpcomingAsync(DeadlineHost.Person(1), CancellationToken.None)).Text;
        var en = Assert.Single(await host.ReminderDesk.UpcomingAsync(DeadlineHost.Person(2, Language.En), CancellationToken.None)).Text;

        Assert.StartsWith(CoreTexts.Format("UpcomingHeader", Language.Vi, ReminderDesk.UpcomingDays), vi, StringComparison.Ordinal);
        // Names are HTML-escaped, and WebUtility writes Latin-1 letters such as "ã" as entities.
        Assert.Contains(MessageHtml.Escape("Báo cáo report — Xã Thử"), vi, StringComparison.Ordinal);
        // The Sunday deadline is read as its legal end, the close of Monday 16/11, and counted down to it.
        Assert.Contains("hết Thứ Hai 16/11/2026, 4 ngày nữa", vi, StringComparison.Ordinal);
        Assert.Contains("Report report — Test commune", en, StringComparison.Ordinal);
        Assert.Contains("by the end of Monday 16/11/2026, 4 days from now", en, StringComparison.Ordinal);
        // Not the health check (another role) nor the ward's report (another unit).
        Assert.DoesNotContain("health", vi + en, StringComparison.Ordinal);
        Assert.DoesNotContain("ward-report", vi + en, StringComparison.Ordinal);
    }

    /// <summary>"/hanchot" said "nothing in the next 60 days" to an official with an overdue deadline (an outside tester's finding).</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpcomingAsync_ListsTheOverdueFirstWithDoneButtons_WhenADeadlineOfTheUnitWasMissed(string provider)
    {
        // Tuesday 17/11/2026: the report due Sunday 15/11 ended with Monday 16/11; the official followed the unit since January.
        await using var host = await CommuneAsync(provider, DeadlineHost.At(2026, 11, 17, 9));
        await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, since: DeadlineHost.At(2026, 1, 1, 8));
        var occurrence = await host.OccurrenceAsync(Code, new DateOnly(2026, 11, 15));

        var reply = Assert.Single(await host.ReminderDesk.UpcomingAsync(DeadlineHost.Person(1), CancellationToken.None));

        Assert.StartsWith(CoreTexts.Get("UpcomingOverdueHeader", Language.Vi), reply.Text, StringComparison.Ordinal);
        Assert.Contains("1. " + MessageHtml.Escape("Báo cáo report — Xã Thử"), reply.Text, StringComparison.Ordinal);
        Assert.Contains("hết Thứ Hai 16/11/2026, quá hạn 1 ngày", reply.Text, StringComparison.Ordinal);
        Assert.Contains(ReminderTexts.Callback("done", occurrence.Id), reply.Keyboard!.ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UpcomingAsync_SaysNotAnOfficial_WhenPersonNeverJoined(string provider)
    {
        await using var host = await CommuneAsync(provider);

        var reply = Assert.Single(await host.ReminderDesk.UpcomingAsync(DeadlineHost.Person(9), CancellationToken.None));

        Assert.Equal(CoreTexts.Get("NotAnOfficial", Language.Vi), reply.Text);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActAsync_MarksDoneOnceAndTellsColleagues_WhenFirstOfficialPressesDone(string provider)
    {
        await using var host = await CommuneAsync(provider);
        var lan = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, name: "Lan");
        var minh = await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.ChildProtection, Language.En, name: "Minh");
        var chief = await host.SubscribeAsync(3, DeadlineHost.Commune, OfficialRole.Supervisor);
        await host.SubscribeAsync(4, DeadlineHost.Commune, OfficialRole.Health);
        await host.SubscribeAsync(5, DeadlineHost.Ward, OfficialRole.ChildProtection);
        var occurrence = await host.OccurrenceAsync(Code, Due);

        var replies = await host.ReminderDesk.ActAsync(DeadlineHost.Person(1), "done", occurrence.Id, CancellationToken.None);

        Assert.Equal(lan.ChatId, replies[0].ChatId);
        Assert.Contains("Đã ghi nhận", replies[0].Text, StringComparison.Ordinal);
        var others = replies.Skip(1).OrderBy(m => m.ChatId).ToList();
        Assert.Equal([minh.ChatId, chief.ChatId], others.Select(m => m.ChatId));
        Assert.Equal([$"done:{occurrence.Id}:{minh.Id}", $"done:{occurrence.Id}:{chief.Id}"], others.Select(m => m.DedupKey));
        Assert.Contains("was marked done by Lan at 09:00 12/11/2026", others[0].Text, StringComparison.Ordinal);
        Assert.Contains("đã được Lan đánh dấu hoàn thành", others[1].Text, StringComparison.Ordinal);
        var done = await host.OccurrenceAsync(Code, Due);
        Assert.Equal((OccurrenceStatus.Done, lan.Id, Thursday), (done.Status, done.DoneByOfficialId, done.DoneAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActAsync_SaysAlreadyDone_WhenSecondOfficialPressesDone(string provider)
    {
        await using var host = await CommuneAsync(provider);
        var lan = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection, name: "Lan");
        await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.ChildProtection, Language.En, name: "Minh");
        var occurrence = await host.OccurrenceAsync(Code, Due);
        await host.ReminderDesk.ActAsync(DeadlineHost.Person(1), "done", occurrence.Id, CancellationToken.None);
        host.SetNow(Thursday.AddHours(2));

        var replies = await host.ReminderDesk.ActAsync(DeadlineHost.Person(2, Language.En), "done", occurrence.Id, CancellationToken.None);

        var reply = Assert.Single(replies);
        Assert.Equal("This was already marked done at 09:00 12/11/2026 (2 hours ago).", reply.Text);
        var done = await host.OccurrenceAsync(Code, Due);
        Assert.Equal((lan.Id, Thursday), (done.DoneByOfficialId, done.DoneAt));
    }

    /// <summary>On PostgreSQL the snooze must be stored too: a timestamptz takes only UTC instants.</summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActAsync_SnoozesToMondayAt8_WhenPressedOnFriday(string provider)
    {
        await using var host = await CommuneAsync(provider, DeadlineHost.At(2026, 11, 6, 10));
        var lan = await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);
        var occurrence = await host.OccurrenceAsync(Code, Due);

        var reply = await ActAsync(host, DeadlineHost.Person(1), "snz", occurrence.Id);
        await ActAsync(host, DeadlineHost.Person(1), "snz", occurrence.Id);

        Assert.Equal("⏰ Sẽ nhắc lại vào Thứ Hai, 09/11/2026, lúc 08:00.", reply.Text);
        var snooze = Assert.Single(await host.RemindersAsync());
        Assert.Equal(
            (occurrence.Id, lan.Id, ReminderKind.Snoozed, 6, DeadlineHost.At(2026, 11, 9, 8), ReminderStatus.Pending),
            (snooze.OccurrenceId, snooze.OfficialId, snooze.Kind, snooze.LeadDays, snooze.SendAt, snooze.Status));
        host.SetNow(DeadlineHost.At(2026, 11, 9, 8, 1));
        Assert.Equal(1, await host.Reminders.DispatchDueAsync(CancellationToken.None));
        Assert.Contains("7 ngày nữa", Assert.Single(await host.OutboxAsync()).Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActAsync_RefusesSnooze_WhenDeadlineEndsBeforeNextWorkingDay(string provider)
    {
        await using var host = await CommuneAsync(provider, DeadlineHost.At(2026, 11, 16, 10));
        await host.SubscribeAsync(1, DeadlineHost.Ward, OfficialRole.ChildProtection);
        var occurrence = await host.OccurrenceAsync("ward-report", new DateOnly(2026, 11, 16));

        var reply = await ActAsync(host, DeadlineHost.Person(1), "snz", occurrence.Id);

        Assert.Equal(CoreTexts.Get("SnoozeTooLate", Language.Vi), reply.Text);
        Assert.Empty(await host.RemindersAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ActAsync_RepliesNotYours_WhenOfficialDoesNotFollowTheUnit(string provider)
    {
        await using var host = await CommuneAsync(provider);
        await host.SubscribeAsync(5, DeadlineHost.Ward, OfficialRole.ChildProtection);
        var occurrence = await host.OccurrenceAsync(Code, Due);

        var fromWard = await ActAsync(host, DeadlineHost.Person(5), "done", occurrence.Id);
        var fromStranger = await ActAsync(host, DeadlineHost.Person(9), "done", occurrence.Id);
        var unknown = await ActAsync(host, DeadlineHost.Person(5), "done", occurrence.Id + 1000);

        Assert.Equal(CoreTexts.Get("NotYours", Language.Vi), fromWard.Text);
        Assert.Equal(CoreTexts.Get("NotYours", Language.Vi), fromStranger.Text);
        Assert.Equal(CoreTexts.Get("NotFound", Language.Vi), unknown.Text);
        Assert.Equal(OccurrenceStatus.Open, (await host.OccurrenceAsync(Code, Due)).Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UnsubscribeAsync_RemovesSubscriptionsAndCancelsPendingReminders(string provider)
    {
        await using var host = await CommuneAsync(provider);
        var lan = DeadlineHost.Person(1, Language.Vi, "Lan");
        await JoinAsync(host, lan, await InviteAsync(host, maxUses: 1));
        await JoinAsync(host, lan, await InviteAsync(host, maxUses: 1, unit: DeadlineHost.Ward));
        var colleague = await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.ChildProtection);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        var before = await host.RemindersAsync();
        Assert.Contains(before, r => r.OfficialId != colleague.Id);

        var reply = Assert.Single(await host.Desk.UnsubscribeAsync(lan, CancellationToken.None));

        Assert.Equal(CoreTexts.Format("Unsubscribed", Language.Vi, 2), reply.Text);
        Assert.Empty(await SubscriptionsAsync(host, 1));
        var after = await host.RemindersAsync();
        Assert.All(after.Where(r => r.OfficialId != colleague.Id), r => Assert.Equal(ReminderStatus.Cancelled, r.Status));
        Assert.All(after.Where(r => r.OfficialId == colleague.Id), r => Assert.Equal(ReminderStatus.Pending, r.Status));
        host.SetNow(Thursday.AddDays(1));
        await host.RunRemindersAsync();
        Assert.DoesNotContain(await host.OutboxAsync(), m => m.ChatId == lan.ChatId);
        Assert.Equal(CoreTexts.Get("NotAnOfficial", Language.Vi), Assert.Single(await host.Desk.UnsubscribeAsync(lan, CancellationToken.None)).Text);
    }
}
