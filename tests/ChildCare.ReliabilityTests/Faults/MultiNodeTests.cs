using System.Diagnostics;
using System.Globalization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Time;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Faults;

/// <summary>
/// Two Bot nodes (long polling, one polls at a time) and two Scheduler nodes (Hangfire servers sharing one job store) on one PostgreSQL
/// database. A hundred officials join by chat; two rules due today give each two reminders. While the first
/// reminders go out, the Bot node that sends the outbox and one Scheduler node are killed with SIGKILL and not
/// brought back. A hundred more officials join. Asserted: every join answered and every reminder delivered by
/// the survivors; each reminder made and queued exactly once across the schedulers; every update handled once;
/// messages sent twice no more than were on the wire at the kill.
/// </summary>
[Trait("Category", "LongReliability")]
public sealed class MultiNodeTests(ITestOutputHelper output)
{
    private const int PerWave = 100;
    private const int PerSecond = 20;
    private const long FirstOfficial = 9_100_000_000;
    private static readonly string[] Rules = ["Nộp báo cáo thử nghiệm A", "Nộp báo cáo thử nghiệm B"];
    private static readonly string[] Unit = ["thanh-hoa/cam-tan"];
    private static readonly int[] OnTheDay = [0];
    private static readonly string[] Roles = ["sends the outbox", "handles received updates", "polls Telegram"];
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TwoBotsTwoSchedulers_KillOneOfEach_TheOthersSendEveryReminderOnce_AndHandleEveryUpdateOnce()
    {
        using var figures = new Figures(output, "multi-node");
        figures.Note($"2 Bot nodes (polling) + 2 Scheduler nodes on one PostgreSQL database; {PerWave} officials join, then {PerWave} more after the kill; {Rules.Length} rules due today, so {Rules.Length} reminders each; {PerSecond} messages/s");
        await using var database = await ReliabilityDatabase.CreateAsync("multinode");
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions
        {
            RateLimits = FakeRateLimits.Telegram with { GlobalPerSecond = PerSecond },
            CallbackQueryLifetime = TimeSpan.FromSeconds(10),
        });
        var botSettings = NodeSettings.Bot(database, fake, "Polling", PerSecond);
        botSettings[MessagingSettings.PrivateChatPerSecondKey] = "1";
        var schedulerSettings = NodeSettings.Scheduler(database);
        // Reminders at midnight, owed for ten days back: the rules' reminders fall due now, whatever the day.
        schedulerSettings["Deadlines:ReminderTime"] = "00:00";
        schedulerSettings["Deadlines:ReminderWindowHours"] = "240";
        schedulerSettings["Scheduler:ReminderIntervalSeconds"] = "5";
        await using var botA = Node.Bot("multi-node-bot-a", botSettings);
        await using var botB = Node.Bot("multi-node-bot-b", botSettings);
        await using var schedulerA = Node.Scheduler("multi-node-scheduler-a", schedulerSettings);
        await using var schedulerB = Node.Scheduler("multi-node-scheduler-b", schedulerSettings);
        await botA.StartAsync(); // the first node migrates the database; the second finds it done
        await botB.StartAsync();

        string invite;
        using (var admin = new HttpClient { BaseAddress = botA.Address })
        {
            var today = VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await AdminApi.ImportUnitsAsync(admin, [.. Rules.Select((title, i) => (object)new
            {
                code = $"multi-node/rule-{i}",
                units = Unit,
                role = "ChildProtection",
                kind = "Deadline",
                titleVi = title,
                recurrence = $"once {today}",
                leadDays = OnTheDay,
            })]);
            invite = await AdminApi.InviteAsync(admin, "thanh-hoa/cam-tan", maxUses: 2 * PerWave);
        }

        var wave1 = Join(fake, invite, 0);
        if (!await Wait.TryUntilAsync(() => Task.FromResult(Deliveries.Of(fake).ChatsWith(wave1, "Bạn đã tham gia") == PerWave), Timeout))
        {
            var sample = Deliveries.Of(fake);
            Assert.Fail($"{sample.ChatsWith(wave1, "Bạn đã tham gia")} of {PerWave} welcomed; {sample.Total} messages; first chat got: {string.Join(" | ", sample.To(wave1[0]))}; "
                + $"updates {string.Join(", ", await database.ListAsync<string>("SELECT status || ': ' || count(*) FROM inbound_updates GROUP BY status"))}");
        }
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(schedulerA.StartAsync(), schedulerB.StartAsync());

        // Kill the Bot node that sends the outbox, and a Scheduler node, while the first reminders go out.
        var expected = Expected(wave1);
        await Wait.UntilAsync(() => Deliveries.Of(fake).Missing(expected) <= expected.Count * 7 / 10, Timeout, "30% of the first reminders delivered");
        var (leader, survivor) = botA.CountInLog("now sends the outbox") > 0 ? (botA, botB) : (botB, botA);
        var roles = string.Join(", ", Roles.Where(r => leader.CountInLog("now " + r) > 0));
        var delivered = Deliveries.Of(fake).Total;
        leader.Kill();
        schedulerA.Kill();
        var (killedAt, killedAtUtc) = (clock.Elapsed, TimeProvider.System.GetUtcNow());
        var sending = await database.ScalarAsync<long>($"SELECT count(*) FROM outbox_messages WHERE status = {(int)OutboxStatus.Sending}");
        var handling = await database.ScalarAsync<long>($"SELECT count(*) FROM inbound_updates WHERE status = {(int)InboundStatus.Processing}");
        await Wait.UntilAsync(() => Deliveries.Of(fake).Total > delivered, Timeout, "a message sent by the surviving Bot node");
        var recovered = clock.Elapsed - killedAt;

        var wave2 = Join(fake, invite, PerWave);
        expected.AddRange(Expected(wave2));
        var officials = wave1.Concat(wave2).ToList();
        var complete = await Wait.TryUntilAsync(
            () => Task.FromResult(Deliveries.Of(fake).Missing(expected) == 0 && Deliveries.Of(fake).ChatsWith(officials, "Bạn đã tham gia") == officials.Count), Timeout);
        var done = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(12)); // two more reminder rounds: nothing more may come

        var deliveries = Deliveries.Of(fake);
        var lost = deliveries.Missing(expected) + officials.Count(o => !deliveries.To(o).Any(t => t.Contains("Bạn đã tham gia", StringComparison.Ordinal)));
        var reminderRows = await database.ScalarAsync<long>("SELECT count(*) FROM reminders WHERE status = 1");
        // An official's reminders due at once go as one message whose dedup key names them all ("reminders:1,2"),
        // so a reminder is queued once when its id is named by exactly one queued message.
        var keys = await database.ListAsync<string>("SELECT dedup_key FROM outbox_messages WHERE purpose = 'reminder'");
        var named = keys.SelectMany(k => k[(k.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',')).ToList();
        var queued = named.Distinct().Count();
        var updates = await database.ScalarAsync<long>($"SELECT count(*) FROM inbound_updates WHERE status = {(int)InboundStatus.Done}");
        var joins = await database.ScalarAsync<long>("SELECT count(*) FROM subscriptions");
        var runs = await database.ListAsync<string>("SELECT \"Node\" || ': ' || count(*) FROM job_runs WHERE \"JobName\" = 'deadlines.reminders' GROUP BY \"Node\" ORDER BY 1");
        var afterKill = await database.ScalarAsync<long>(string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(DISTINCT \"Node\") FROM job_runs WHERE \"JobName\" = 'deadlines.reminders' AND \"StartedAt\" > '{killedAtUtc.AddSeconds(5):O}'"));

        figures.Add("killed", $"{leader.Name}, {schedulerA.Name}", $"the Bot node {roles}; {clock.Elapsed.TotalSeconds - killedAt.TotalSeconds:F0} s before the end");
        figures.Add("in flight at the kill", $"{sending + handling}", $"{sending} messages claimed for sending, {handling} updates claimed for handling");
        figures.Add("time to recover", $"{recovered.TotalSeconds:F1} s", $"kill to the first message sent by {survivor.Name}");
        figures.Add("everything delivered", $"{(complete ? done.TotalSeconds : double.NaN):F1} s", "from the schedulers' start");
        figures.Add("reminders delivered", $"{expected.Count - deliveries.Missing(expected)}", $"of {expected.Count} ({officials.Count} officials x {Rules.Length} rules)");
        figures.Add("lost", $"{lost}", "reminders and welcomes never delivered; goal 0");
        figures.Add("duplicated", $"{deliveries.Duplicates}", $"goal at most the {sending} claimed for sending at the kill");
        figures.Add("reminders marked sent / queued", $"{reminderRows} / {queued}", $"goal {expected.Count} each: made and queued once across both schedulers ({keys.Count} messages)");
        figures.Add("updates handled", $"{updates}", $"{joins} officials joined; goal {officials.Count} each");
        figures.Add("reminder job runs by node", $"{string.Join("; ", runs)}", $"{afterKill} node(s) ran it after the kill; goal 1");
        Assert.True(complete, $"Not everything was delivered: {lost} missing.\n{survivor.Problems()}\n{schedulerB.Problems()}");
        Assert.True(survivor.IsRunning && schedulerB.IsRunning, "A surviving node died.");
        Assert.Equal(0, lost);
        Assert.InRange(deliveries.Duplicates, 0, sending);
        Assert.Equal(expected.Count, reminderRows);
        Assert.Equal(expected.Count, queued);
        Assert.Equal(queued, named.Count);
        Assert.Equal(officials.Count, updates);
        Assert.Equal(officials.Count, joins);
        Assert.Equal(1, afterKill);
    }

    /// <summary>A wave of officials sends /join with the invite; returns their chats.</summary>
    private static List<long> Join(FakeTelegramServer fake, string invite, int first)
    {
        var chats = Enumerable.Range(first, PerWave).Select(i => FirstOfficial + i).ToList();
        foreach (var chat in chats)
        {
            fake.EnqueueUpdate(TelegramUpdates.Message(chat, "/join " + invite));
        }

        return chats;
    }

    /// <summary>What each official must receive: one reminder per rule (matched by its title).</summary>
    private static List<(long Chat, string Title)> Expected(IEnumerable<long> chats) => [.. chats.SelectMany(c => Rules.Select(r => (c, r)))];
}
