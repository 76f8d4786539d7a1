using System.Diagnostics;
using System.Globalization;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Faults;

/// <summary>
/// 2,000 reminders queued at once to 2,000 officials' chats; the real Bot sends them at 100 a second to a fake Bot
/// API that answers after 50 ms and enforces that rate. At 40% delivered the Bot is killed with SIGKILL and started
/// again. Asserted: every reminder delivered, and duplicates no more than the messages on the wire at the kill
/// (Messaging:MaxConcurrentSends at most, as the README promises).
/// </summary>
[Trait("Category", "LongReliability")]
public sealed class BroadcastKillTests(ITestOutputHelper output)
{
    private const int Messages = 2_000;
    private const int PerSecond = 100;
    private const long FirstChat = 7_000_000_000;

    [Fact]
    public async Task Broadcast_KilledAt40Percent_DeliversEveryReminder_DuplicatingOnlyWhatWasInFlight()
    {
        using var figures = new Figures(output, "kill-broadcast");
        figures.Note($"{Messages:N0} reminders to {Messages:N0} chats; fake Bot API {PerSecond}/s, 50 ms per call; Bot webhook mode on PostgreSQL, Messaging:GlobalPerSecond={PerSecond}, MaxConcurrentSends={MessagingSettings.Default.MaxConcurrentSends}");
        await using var database = await ReliabilityDatabase.CreateAsync("killcast");
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions
        {
            RateLimits = FakeRateLimits.Telegram with { GlobalPerSecond = PerSecond },
            Latency = TimeSpan.FromMilliseconds(50),
        });
        var settings = NodeSettings.Bot(database, fake, "Webhook", PerSecond);
        settings[MessagingSettings.PrivateChatPerSecondKey] = "1";
        await using var bot = Node.Bot("kill-broadcast-bot", settings);
        await bot.StartAsync();
        await using var outbox = await OutboxWriter.OpenAsync(database);

        var clock = Stopwatch.StartNew();
        var expected = await outbox.EnqueueAsync(Enumerable.Range(0, Messages).Select(i => FirstChat + i), "broadcast");
        await Wait.UntilAsync(() => Deliveries.Of(fake).Total >= Messages * 2 / 5, TimeSpan.FromMinutes(2), "40% delivered");
        var atKill = Deliveries.Of(fake).Total;
        var kill = await ConversationKillTests.KillAndRestartAsync(bot, database, fake, figures, $"at {atKill:N0} of {Messages:N0} delivered");
        var complete = await Wait.TryUntilAsync(() => Task.FromResult(Deliveries.Of(fake).Lost(expected) == 0), TimeSpan.FromMinutes(3));
        var done = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late second copy would show now

        var deliveries = Deliveries.Of(fake);
        var lost = deliveries.Lost(expected);
        figures.Add("reminders delivered", $"{Messages - lost:N0}", $"of {Messages:N0}, all after {done.TotalSeconds:F1} s from the enqueue");
        figures.Add("lost", $"{lost}", "goal 0");
        figures.Add("duplicated", $"{deliveries.Duplicates}", $"goal at most the {kill.Sending} claimed for sending at the kill, and at most MaxConcurrentSends");
        figures.Add("429 answers from the fake", $"{fake.TooManyRequestsSent}");
        figures.Add("outbox by status", $"{string.Join(", ", await database.ListAsync<string>("SELECT status || ': ' || count(*) FROM outbox_messages GROUP BY status ORDER BY status"))}", "0 pending, 1 sending, 2 sent, 3 failed");
        Assert.True(complete, $"{lost} reminders never delivered.\n{bot.Problems()}");
        Assert.Equal(0, lost);
        Assert.InRange(deliveries.Duplicates, 0, Math.Min(kill.Sending, MessagingSettings.Default.MaxConcurrentSends));
        Assert.Equal(0, await database.ScalarAsync<long>(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM outbox_messages WHERE status <> {(int)OutboxStatus.Sent}")));
    }
}
