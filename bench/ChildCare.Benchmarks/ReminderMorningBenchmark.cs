using System.Diagnostics;
using System.Globalization;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.FakeTelegram;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Benchmarks;

/// <summary>
/// A national reminder morning (issue 21): N officials with three deadlines each due today, their reminders
/// made by the planner and <see cref="ReminderService"/> beforehand, then at 08:00 handed to the outbox by
/// <see cref="ReminderService.DispatchDueAsync"/> in the Bot (its clock shifted to that morning, its timers real)
/// and sent through the outbox to the fake Bot API limited to L. The figure is when the fake accepted the
/// message carrying the last reminder, counted from 08:00.
/// </summary>
internal static class ReminderMorningBenchmark
{
    // Tuesday 15/12/2026, a working day, 08:00 in Vietnam.
    private static readonly DateTimeOffset Morning = new(2026, 12, 15, 8, 0, 0, TimeSpan.FromHours(7));

    // Three deadlines of every unit fall due on the 15th of December 2026.
    private static readonly string[] Recurrences = ["yearly 15/12", "monthly 15", "once 2026-12-15"];

    private const long FirstChat = 1_000_000;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var officials = args.Number("officials", 16_600, 2, 200_000);
        var channel = ChannelSetup.Read(args, defaultLimit: 30, defaultLatencyMs: 50);
        var postgres = args.Flag("postgres");
        var limit = channel.GlobalPerSecond;
        var singleMessages = officials * Recurrences.Length;
        var ideal = TimeSpan.FromSeconds((double)singleMessages / limit);
        var timeout = TimeSpan.FromSeconds(args.Number("timeout-s", 120 + (int)(2 * ideal.TotalSeconds), 1, 86_400));
        args.ThrowIfUnknown();

        await using var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        await using var fake = await FakeTelegramServer.StartAsync(channel.Fake());
        var report = new Report($"reminder-morning: {officials:N0} officials with {Recurrences.Length} deadlines each due today, reminders at 08:00");
        report.Setting($"database: {database.Describe()}; units of 2 officials, rules {string.Join(", ", Recurrences)} (default lead days)");
        report.Setting($"the night before (a 07:00 clock): planning and ReminderService.MaterialiseAsync; at 08:00 on the Bot's clock: ReminderService.DispatchDueAsync, then the outbox");
        channel.Describe(report);

        var setupTime = new FakeTimeProvider(Morning.AddHours(-1).ToUniversalTime());
        var deadlineSettings = DeadlineSettings.Default with { PlanningHorizonDays = 40 };
        await using var setup = await TestDatabase.ServicesAsync(
            new DatabaseSettings(postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, database.ConnectionString, TimeSpan.FromSeconds(30)),
            s => s.AddChildCareDeadlines(deadlineSettings),
            setupTime);
        var contexts = setup.GetRequiredService<IDbContextFactory<ChildCareDbContext>>();
        var clock = Stopwatch.StartNew();
        Report.Progress($"creating {officials:N0} officials in {(officials + 1) / 2:N0} units, planning, materialising the reminders");
        await BenchData.CreateAsync(contexts, setupTime.GetUtcNow(), (officials + 1) / 2, Recurrences, officials);
        await setup.GetRequiredService<DeadlinePlanner>().PlanAllAsync(CancellationToken.None);
        var made = await setup.GetRequiredService<ReminderService>().MaterialiseAsync(CancellationToken.None);
        report.Setting($"setup (not measured): {clock.Elapsed.TotalSeconds:F0} s, {made:N0} reminder rows materialised (earlier lead days included: they are skipped, as on a first run)");

        IReadOnlyCollection<string> log;
        var botTime = new ShiftedTime(Morning.AddSeconds(-15));
        await using (var bot = new InProcessBot(channel.BotSettings(fake, database, new Uri("https://bot.example/telegram/webhook")), botTime))
        {
            Report.Progress($"starting the Bot on {database.Describe()}");
            var reminders = bot.Services.GetRequiredService<ReminderService>();
            var eight = botTime.RealTimeOf(Morning);
            var untilEight = eight - TimeProvider.System.GetUtcNow();
            if (untilEight > TimeSpan.Zero)
            {
                await Task.Delay(untilEight);
            }

            Report.Progress($"08:00: dispatching the due reminders; giving up after {timeout.TotalSeconds:F0} s");
            var started = TimeProvider.System.GetUtcNow();
            var dispatch = Stopwatch.StartNew();
            var handed = await reminders.DispatchDueAsync(CancellationToken.None);
            dispatch.Stop();
            var outboxCount = await CountAsync(contexts, m => m.Purpose == "reminder");
            var accepted = await WaitForAcceptedAsync(fake, outboxCount, timeout - dispatch.Elapsed);
            await Task.Delay(TimeSpan.FromSeconds(2));

            var stamps = fake.Requests.Where(r => r.Succeeded && r.Method == "sendMessage").Select(r => r.Timestamp).Order().ToList();
            var last = stamps.Count > 0 ? stamps[^1] - started : TimeSpan.Zero;
            var deliveries = new FakeDeliveries(fake);
            var chats = Enumerable.Range(1, officials).Select(i => FirstChat + i).ToList();
            var reached = deliveries.DeliveredTo(chats);
            var (dueAtEight, coverage) = await CoverageAsync(contexts);

            report.Row("reminders due at 08:00", $"{dueAtEight:N0}", $"{officials:N0} officials x {Recurrences.Length}; {handed:N0} handed to the outbox by DispatchDueAsync in {dispatch.Elapsed.TotalSeconds:F1} s");
            report.Row("messages", $"{outboxCount:N0}", $"one per official listing the three, each with its own buttons ({singleMessages:N0} single messages before)");
            report.Row("08:00 to the last reminder accepted", $"{last.TotalMinutes:F1} min", FormattableString.Invariant(
                $"goal <= 28 min; {(accepted ? "all accepted" : "GAVE UP")}; sending {singleMessages:N0} single messages at L takes {ideal.TotalMinutes:F1} min"));
            report.Row("achieved rate / L", $"{(last > TimeSpan.Zero ? stamps.Count / last.TotalSeconds / limit : 0):F3}", $"{stamps.Count:N0} messages accepted");
            report.Row("officials reached", $"{reached:N0}", $"of {officials:N0}");
            report.Row("reminders accepted once / twice / never", $"{coverage.Once:N0} / {coverage.Twice:N0} / {coverage.Never:N0}", "goal: all once, none twice (from the accepted messages' dedup keys)");
            report.Row("duplicates", $"{deliveries.Duplicates:N0}", "goal 0; same text accepted twice in a chat");
            report.Row("429 answers received", $"{fake.TooManyRequestsSent:N0}", "goal 0");
            report.Goal(FormattableString.Invariant($"reminder morning, {dueAtEight:N0} reminders of {officials:N0} officials at L = {limit}/s: 08:00 to the last accepted"), $"{last.TotalMinutes:F1} min", "<= 28 min");
            report.Goal("reminder morning: accepted once / twice / never, 429s", $"{coverage.Once:N0} / {coverage.Twice:N0} / {coverage.Never:N0}, {fake.TooManyRequestsSent:N0}", "all once, 0, 0, 0");
            log = bot.Log.Lines;
        }

        report.Print();
        BotLog.Print(log);
        return 0;
    }

    private static async Task<bool> WaitForAcceptedAsync(FakeTelegramServer fake, int expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var accepted = fake.Requests.Count(r => r.Succeeded && r.Method == "sendMessage");
            if (accepted >= expected)
            {
                return true;
            }

            if (clock.Elapsed >= timeout)
            {
                return false;
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(30))
            {
                lastReport = clock.Elapsed;
                Report.Progress($"{accepted:N0} of {expected:N0} messages accepted after {clock.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<int> CountAsync(IDbContextFactory<ChildCareDbContext> contexts, System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> where)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.OutboxMessages.CountAsync(where);
    }

    /// <summary>The reminders due at 08:00, and how many of them a message the fake accepted carried once, twice, never.</summary>
    private static async Task<(int Due, (int Once, int Twice, int Never) Coverage)> CoverageAsync(IDbContextFactory<ChildCareDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        // Compared here, not in SQL: SQLite keeps the moments as text.
        var due = (await db.Reminders.Select(r => new { r.Id, r.SendAt }).ToListAsync()).Where(r => r.SendAt == Morning).Select(r => r.Id).ToList();
        var keys = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Sent && m.Purpose == "reminder").Select(m => m.DedupKey!).ToListAsync();
        var carried = keys.SelectMany(IdsOf).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var once = due.Count(id => carried.GetValueOrDefault(id) == 1);
        var twice = due.Count(id => carried.GetValueOrDefault(id) > 1);
        return (due.Count, (once, twice, due.Count - once - twice));

        static IEnumerable<long> IdsOf(string key) =>
            key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(',').Select(id => long.Parse(id, CultureInfo.InvariantCulture));
    }
}
