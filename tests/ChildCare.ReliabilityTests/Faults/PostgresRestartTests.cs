using System.Diagnostics;
using System.Net;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Faults;

/// <summary>
/// PostgreSQL is stopped (fast: every session cut) and started again 8 s later while the real Bot (long polling) is
/// sending 1,000 reminders and people write to it ten times a second. The Bot is not restarted. Asserted: the same
/// process is still running and healthy again, every reminder and every person's answer delivered, duplicates no
/// more than one dispatcher's messages on the wire (Messaging:MaxConcurrentSends).
/// </summary>
[Trait("Category", "LongReliability")]
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    private const int Reminders = 1_000;
    private const long FirstUser = 8_500_000_000;
    private const long FirstOfficial = 8_600_000_000;
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task PostgresRestartedUnderLoad_BotRecoversWithoutARestart_NothingLost()
    {
        using var figures = new Figures(output, "postgres-restart");
        figures.Note($"{Reminders:N0} reminders at 50/s and 10 people a second writing for {Load.TotalSeconds:F0} s; PostgreSQL stopped (fast) {StopAfter.TotalSeconds:F0} s in, started {Down.TotalSeconds:F0} s later; Bot long polling");
        await using var database = await ReliabilityDatabase.CreateAsync("pgrestart");
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None, CallbackQueryLifetime = TimeSpan.FromSeconds(10) });
        await using var bot = Node.Bot("postgres-restart-bot", NodeSettings.Bot(database, fake, "Polling", perSecond: 50));
        await bot.StartAsync();
        var pid = bot.ProcessId;
        await using (var outbox = await OutboxWriter.OpenAsync(database))
        {
            var expected = await outbox.EnqueueAsync(Enumerable.Range(0, Reminders).Select(i => FirstOfficial + i), "reminder");
            await RunAsync(bot, database, fake, figures, expected, pid);
        }
    }

    private static async Task RunAsync(Node bot, ReliabilityDatabase database, FakeTelegramServer fake, Figures figures, List<(long Chat, string Text)> expected, int pid)
    {
        using var probe = new HttpClient { BaseAddress = bot.Address, Timeout = TimeSpan.FromSeconds(10) };
        var users = new List<long>();
        var clock = Stopwatch.StartNew();
        var (stoppedAt, startedAt, sendingAtStop) = (TimeSpan.Zero, TimeSpan.Zero, 0L);
        var (unhealthy, healthyAgainAt) = (0, TimeSpan.Zero);
        var stopped = false;
        var started = false;
        for (var tick = 0; clock.Elapsed < Load; tick++)
        {
            users.Add(FirstUser + tick);
            fake.EnqueueUpdate(TelegramUpdates.Message(FirstUser + tick, "/start"));
            if (!stopped && clock.Elapsed >= StopAfter)
            {
                sendingAtStop = await database.ScalarAsync<long>($"SELECT count(*) FROM outbox_messages WHERE status = {(int)OutboxStatus.Sending}");
                figures.Note("stopping PostgreSQL");
                await PostgresCluster.StopAsync();
                figures.Note("stopped");
                (stopped, stoppedAt) = (true, clock.Elapsed);
            }
            else if (stopped && !started && clock.Elapsed >= stoppedAt + Down)
            {
                await PostgresCluster.StartAsync();
                figures.Note("started PostgreSQL");
                (started, startedAt) = (true, clock.Elapsed);
            }

            if (tick % 10 == 0 && stopped)
            {
                var healthy = await HealthyAsync(probe);
                unhealthy += healthy ? 0 : 1;
                if (healthy && started && healthyAgainAt == TimeSpan.Zero)
                {
                    healthyAgainAt = clock.Elapsed;
                }
            }

            Assert.True(bot.IsRunning, $"The Bot process exited {(clock.Elapsed - stoppedAt).TotalSeconds:F1} s after PostgreSQL was stopped.\n{bot.Problems()}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        Assert.True(started, "The load ended before PostgreSQL was started again.");
        var afterStart = Deliveries.Of(fake).Total;
        var firstAfter = await Wait.TryUntilAsync(() => Task.FromResult(Deliveries.Of(fake).Total > afterStart), TimeSpan.FromMinutes(2));
        var firstAfterAt = clock.Elapsed;
        var complete = await Wait.TryUntilAsync(() => Task.FromResult(!bot.IsRunning || (Deliveries.Of(fake).Lost(expected) == 0 && users.All(u => Deliveries.Of(fake).To(u).Count > 0))), TimeSpan.FromMinutes(3));
        var done = clock.Elapsed;
        while (healthyAgainAt == TimeSpan.Zero && clock.Elapsed < done + TimeSpan.FromSeconds(60) && bot.IsRunning)
        {
            healthyAgainAt = await HealthyAsync(probe) ? clock.Elapsed : TimeSpan.Zero;
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var deliveries = Deliveries.Of(fake);
        var lostReminders = deliveries.Lost(expected);
        var unanswered = users.Count(u => deliveries.To(u).Count == 0);
        figures.Add("PostgreSQL down", $"{(startedAt - stoppedAt).TotalSeconds:F1} s", $"from {stoppedAt.TotalSeconds:F1} s into the load");
        figures.Add("in flight at the stop", $"{sendingAtStop}", "messages claimed for sending just before");
        figures.Add("Bot process", $"{(bot.IsRunning && bot.ProcessId == pid ? "same process, running" : "EXITED")}", $"pid {pid}; goal: never restarted");
        figures.Add("time to recover: healthy again", $"{(healthyAgainAt - startedAt).TotalSeconds:F1} s", $"PostgreSQL started to /healthz 200; {unhealthy} probes unhealthy meanwhile");
        figures.Add("time to recover: sending again", $"{(firstAfter ? (firstAfterAt - startedAt).TotalSeconds : double.NaN):F1} s", "end of the load to the next message delivered");
        figures.Add("everything delivered", $"{(complete && bot.IsRunning ? (done - startedAt).TotalSeconds : double.NaN):F1} s", "after PostgreSQL started");
        figures.Add("lost", $"{lostReminders + unanswered}", $"{lostReminders} of {expected.Count:N0} reminders, {unanswered} of {users.Count} people never answered; goal 0");
        figures.Add("duplicated", $"{deliveries.Duplicates}", $"goal at most MaxConcurrentSends ({MessagingSettings.Default.MaxConcurrentSends})");
        foreach (var duplicate in deliveries.DuplicateList())
        {
            figures.Note("  twice: " + duplicate);
        }

        figures.Add("inbound updates given up", $"{await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE status = 3")}", "goal 0");

        Assert.True(bot.IsRunning && bot.ProcessId == pid, "The Bot process did not survive the database restart.\n" + bot.Problems());
        Assert.True(complete, $"Not everything was delivered: {lostReminders} reminders, {unanswered} people.\n{bot.Problems()}");
        Assert.NotEqual(TimeSpan.Zero, healthyAgainAt);
        Assert.InRange(deliveries.Duplicates, 0, MessagingSettings.Default.MaxConcurrentSends);
        Assert.Equal(0, await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE status = 3"));
    }

    private static async Task<bool> HealthyAsync(HttpClient probe)
    {
        try
        {
            using var response = await probe.GetAsync(new Uri("healthz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
