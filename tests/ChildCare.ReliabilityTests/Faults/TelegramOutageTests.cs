using System.Diagnostics;
using System.Net;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Faults;

/// <summary>
/// The Bot API is down for two minutes: its first 20 calls hang until the Bot's 5 s timeout, every other call gets
/// 502. Meanwhile Telegram keeps delivering people's messages and taps to the webhook, and reminders fall due.
/// Asserted: the Bot's health and web chat answer within <see cref="ResponsiveWithin"/> throughout; its working set
/// grows by less than <see cref="MemoryGrowthLimit"/>; when the API is back everything queued is delivered, none
/// twice (a failed call delivers nothing).
/// </summary>
[Trait("Category", "LongReliability")]
public sealed class TelegramOutageTests(ITestOutputHelper output)
{
    private const long FirstUser = 8_000_000_000;
    private const long FirstOfficial = 8_100_000_000;
    private const int RemindersPerWave = 150;
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ResponsiveWithin = TimeSpan.FromSeconds(3);
    private static readonly long MemoryGrowthLimit = 128L * 1024 * 1024;

    [Fact]
    public async Task BotApiDownTwoMinutes_StaysResponsive_FlatMemory_ThenDeliversEverything()
    {
        using var figures = new Figures(output, "telegram-outage");
        figures.Note($"Bot API down {Outage.TotalSeconds:F0} s (20 hung calls, then 502); webhook keeps delivering a message a second and a tap every 3 s; {RemindersPerWave} reminders every 30 s; health and web chat probed every second");
        await using var database = await ReliabilityDatabase.CreateAsync("outage");
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None, CallbackQueryLifetime = TimeSpan.FromSeconds(10) });
        var settings = NodeSettings.Bot(database, fake, "Webhook", perSecond: 100);
        settings["Telegram:RequestTimeoutSeconds"] = "5";
        await using var bot = Node.Bot("telegram-outage-bot", settings);
        await bot.StartAsync();
        await Wait.UntilAsync(() => fake.WebhookUrl is not null, TimeSpan.FromSeconds(60), "the Bot's setWebhook");
        await using var outbox = await OutboxWriter.OpenAsync(database);
        using var probe = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = bot.Address, Timeout = TimeSpan.FromSeconds(30) };
        var webChat = new WebChatSession(probe);

        // Warm-up: the same kinds of traffic while the API works.
        var expected = new List<(long Chat, string Text)>(await outbox.EnqueueAsync(Enumerable.Range(0, 20).Select(i => FirstOfficial - 1_000 + i), "warm-up"));
        var users = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            users.Add(Say(fake, FirstUser - 1_000 + i, i));
        }

        await Wait.UntilAsync(() => Deliveries.Of(fake).Lost(expected) == 0 && users.All(u => Deliveries.Of(fake).To(u).Count > 0), TimeSpan.FromSeconds(60), "the warm-up delivered");
        await using var memory = new WorkingSetSampler(bot.ProcessId, TimeSpan.FromMilliseconds(250));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var baseline = memory.Latest;

        fake.HangNextCalls(20);
        fake.FailFor(Outage, 502);
        var clock = Stopwatch.StartNew();
        var (health, chat) = (new List<double>(), new List<double>());
        var probeFailures = 0;
        for (var second = 0; clock.Elapsed < Outage; second++)
        {
            if (second % 30 == 0)
            {
                expected.AddRange(await outbox.EnqueueAsync(Enumerable.Range(0, RemindersPerWave).Select(i => FirstOfficial + (second * RemindersPerWave) + i), $"wave-{second}"));
            }

            if (second % 30 == 29)
            {
                figures.Add($"Bot working set after {second + 1} s of outage", $"{WorkingSetSampler.Megabytes(memory.Latest)}");
            }

            users.Add(Say(fake, FirstUser + second, second));
            probeFailures += await TimeAsync(health, async () => (await probe.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
            probeFailures += await TimeAsync(chat, async () => (await webChat.SendAsync("tong dai")).Count > 0 && webChat.LastStatus == HttpStatusCode.OK);
            await Task.Delay(TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(Math.Min(900, health[^1] + chat[^1])));
        }

        var outageEnded = clock.Elapsed;
        var peak = memory.PeakSince(TimeSpan.Zero);
        var deliveredDuringOutage = Deliveries.Of(fake).Total;
        var recovered = await Wait.TryUntilAsync(() => Task.FromResult(Deliveries.Of(fake).Lost(expected) == 0 && users.All(u => Deliveries.Of(fake).To(u).Count > 0)), TimeSpan.FromMinutes(3));
        var recovery = clock.Elapsed - outageEnded;
        await Task.Delay(TimeSpan.FromSeconds(2));

        var deliveries = Deliveries.Of(fake);
        var lostReminders = deliveries.Lost(expected);
        var unanswered = users.Count(u => deliveries.To(u).Count == 0);
        var failedCalls = fake.Requests.Count(r => !r.Succeeded);
        figures.Add("outage", $"{outageEnded.TotalSeconds:F0} s", $"{failedCalls:N0} Bot API calls failed or hung; {deliveredDuringOutage:N0} messages delivered before it");
        figures.Add("queued during the outage", $"{expected.Count - 20:N0} reminders, {users.Count - 10} people", "each person wrote once (every 3rd one tapped a button)");
        figures.Add("time to recover", $"{recovery.TotalSeconds:F1} s", "outage over to everything delivered (the outbox backs off up to 60 s)");
        figures.Add("lost", $"{lostReminders + unanswered}", $"{lostReminders} reminders, {unanswered} people never answered; goal 0");
        figures.Add("duplicated", $"{deliveries.Duplicates}", "goal 0: a failed call delivers nothing");
        figures.Add("health answer max / p50", $"{health.Max():F0} / {Median(health):F0} ms", $"{health.Count} probes during the outage; bound {ResponsiveWithin.TotalMilliseconds:F0} ms");
        figures.Add("web chat answer max / p50", $"{chat.Max():F0} / {Median(chat):F0} ms", $"{chat.Count} messages during the outage; bound {ResponsiveWithin.TotalMilliseconds:F0} ms");
        figures.Add("probes failed", $"{probeFailures}", "goal 0");
        figures.Add("Bot working set at the outage start", $"{WorkingSetSampler.Megabytes(baseline)}");
        figures.Add("Bot peak working set in the outage", $"{WorkingSetSampler.Megabytes(peak)}", $"growth {WorkingSetSampler.Megabytes(peak - baseline)}; limit {WorkingSetSampler.Megabytes(MemoryGrowthLimit)}");
        figures.Add("webhook deliveries refused", $"{(fake.LastWebhookError is null ? "none" : fake.LastWebhookError)}", "Telegram's side: the fake's last webhook error; goal none");
        figures.Add("inbound updates given up", $"{await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE status = 3")}", "goal 0");

        Assert.True(bot.IsRunning, "The Bot process died.\n" + bot.Problems());
        Assert.True(recovered, $"Not everything was delivered within 3 minutes of the outage: {lostReminders} reminders, {unanswered} people.\n{bot.Problems()}");
        Assert.Equal(0, deliveries.Duplicates);
        Assert.Equal(0, probeFailures);
        Assert.True(health.Max() <= ResponsiveWithin.TotalMilliseconds && chat.Max() <= ResponsiveWithin.TotalMilliseconds, "The Bot stopped answering promptly during the outage.");
        Assert.True(peak - baseline < MemoryGrowthLimit, $"The working set grew by {WorkingSetSampler.Megabytes(peak - baseline)} during the outage.");
        Assert.Null(fake.LastWebhookError);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE status = 3"));
    }

    /// <summary>A person writes "/start" (every third one taps the menu button instead); returns their chat.</summary>
    private static long Say(FakeTelegramServer fake, long chat, int second)
    {
        fake.EnqueueUpdate(second % 3 == 2 ? TelegramUpdates.Callback(chat, "m:menu", $"tap-{chat}") : TelegramUpdates.Message(chat, "/start"));
        return chat;
    }

    /// <summary>Times one probe into <paramref name="times"/> (ms); returns 1 when it failed.</summary>
    private static async Task<int> TimeAsync(List<double> times, Func<Task<bool>> probe)
    {
        var clock = Stopwatch.StartNew();
        bool ok;
        try
        {
            ok = await probe();
        }
        catch (HttpRequestException)
        {
            ok = false;
        }

        times.Add(clock.Elapsed.TotalMilliseconds);
        return ok ? 0 : 1;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
