using System.Diagnostics;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Persistence;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Benchmarks;

/// <summary>
/// Issue 4's figures: planning N units x M rules over the horizon (wall time, peak memory), materialising and
/// sending one day's reminders for the officials, both on the real services and database.
/// </summary>
internal static class DeadlinePlanningBenchmark
{
    // A Friday, 08:01 in Vietnam: weekly Friday tasks and the Monday 30/11 month-end (3 days ahead) are due.
    private static readonly DateTimeOffset Moment = new(2026, 11, 27, 1, 1, 0, TimeSpan.Zero);

    // Twenty rules like the seed plans': reports, monthly and quarterly work, a weekly news item, lunar and period events.
    private static readonly string[] Recurrences =
    [
        "yearly 15/05", "yearly 15/11", "yearly 10/05", "yearly 10/11", "yearly 20/05, 20/11", "yearly 15/12",
        "monthly last", "monthly 25", "monthly 5", "quarterly last", "quarterly 20", "weekly fri",
        "once 2027-03-20", "within-quarter 2027-Q3", "lunar-yearly 15/08", "lunar-yearly 01/01",
        "range 01/06-30/06", "yearly 01/06", "yearly 05/09", "yearly 11/10",
    ];

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var unitCount = arguments.Number("units", 10_000, 1, 100_000);
        var rulesPerUnit = arguments.Number("rules", 20, 1, Recurrences.Length);
        var officialsCount = arguments.Number("officials", 20_000, 0, 200_000);
        var days = arguments.Number("days", 400, 30, 1000);
        var postgres = arguments.Flag("postgres");
        var keep = arguments.Flag("keep");
        arguments.ThrowIfUnknown();

        var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        try
        {
            return await RunAsync(database, unitCount, rulesPerUnit, officialsCount, days);
        }
        finally
        {
            // --keep: the planned database stays, to look at query plans (EXPLAIN) on millions of occurrences.
            if (keep)
            {
                Console.WriteLine($"kept: {(postgres ? database.Describe() : database.ConnectionString)}");
            }
            else
            {
                await database.DisposeAsync();
            }
        }
    }

    private static async Task<int> RunAsync(BenchDatabase database, int unitCount, int rulesPerUnit, int officialsCount, int days)
    {
        var postgres = database.Provider == TestDatabase.Postgres;
        var time = new FakeTimeProvider(Moment);
        var settings = DeadlineSettings.Default with { PlanningHorizonDays = days, ReminderWindow = TimeSpan.FromHours(24) };
        await using var services = await TestDatabase.ServicesAsync(
            new DatabaseSettings(postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, database.ConnectionString, TimeSpan.FromSeconds(30)),
            s => s.AddChildCareDeadlines(settings),
            time);
        var contexts = services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>();

        Report.Progress($"creating {unitCount} units, {unitCount * rulesPerUnit} rules, {officialsCount} officials");
        var setup = Stopwatch.StartNew();
        await BenchData.CreateAsync(contexts, time.GetUtcNow(), unitCount, Recurrences[..rulesPerUnit], officialsCount);
        setup.Stop();

        var report = new Report("deadline-planning: occurrences over the horizon, then one day's reminders");
        report.Setting($"{unitCount} units x {rulesPerUnit} rules = {unitCount * rulesPerUnit} rules; horizon {days} days from {Moment:yyyy-MM-dd}");
        report.Setting($"{officialsCount} officials (2 per unit, role of the rules); now = {Moment.ToOffset(TimeSpan.FromHours(7)):yyyy-MM-dd HH:mm} Asia/Ho_Chi_Minh (a Friday)");
        report.Setting($"database: {database.Describe()}; setup (not measured) took {setup.Elapsed.TotalSeconds:N1} s");
        report.Setting($"{Environment.ProcessorCount} cores, server GC, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");

        // Issue 21's goals, also as lines "| figure | value | goal |" for scripts/bench.sh's one table.
        var goals = new List<string>();
        void Goal(string figure, string value, string goal) => goals.Add($"| {figure} | {value} | {goal} |");

        var planner = services.GetRequiredService<DeadlinePlanner>();
        using (var memory = MemorySampler.Start())
        {
            Report.Progress($"planning");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var first = await planner.PlanAllAsync(CancellationToken.None);
            watch.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            report.Row("planning: wall time", $"{watch.Elapsed.TotalSeconds:N1} s", $"goal <= 10 s (stretch 2 s); {first.NewOccurrences:N0} occurrences written");
            report.Row("planning: rate", $"{first.NewOccurrences / watch.Elapsed.TotalSeconds:N0} /s", "occurrences per second");
            report.Row("planning: this process's CPU", $"{cpu.TotalSeconds:N1} s", "computing dates, building and sending rows; the rest of the wall time is the database's");
            report.Row("planning: peak working set", $"{Report.Megabytes(memory.Peak)}", $"goal <= 300 MB; +{Report.Megabytes(memory.Peak - memory.Baseline)} over the {Report.Megabytes(memory.Baseline)} before");
            Goal(FormattableString.Invariant($"planning {unitCount:N0} units x {rulesPerUnit} rules x {days} days ({database.Provider})"), FormattableString.Invariant($"{watch.Elapsed.TotalSeconds:N1} s"), "<= 10 s on PostgreSQL (stretch 2 s)");
            Goal("planning: peak working set", Report.Megabytes(memory.Peak), "<= 300 MB");
        }

        // A restart: the planning fingerprint says nothing changed.
        var again = Stopwatch.StartNew();
        var second = await planner.PlanAllAsync(CancellationToken.None);
        report.Row("start, nothing changed", $"{again.Elapsed.TotalSeconds:N2} s", $"goal: no re-planning; {second.Rules} rules planned, {second.NewOccurrences} new occurrences (goal 0, 0)");
        Goal("planning at a start, nothing changed", FormattableString.Invariant($"{again.Elapsed.TotalSeconds:N2} s, {second.Rules} rules"), "no re-planning (0 rules)");

        // A restart after one rule was edited and its re-planning lost: only that rule is planned again.
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var edited = await db.DeadlineRules.Where(r => r.Recurrence == "monthly 25").OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            await db.DeadlineRules.Where(r => r.Id == edited).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Recurrence, "monthly 26").SetProperty(r => r.UpdatedAt, time.GetUtcNow().AddSeconds(1)));
        }

        var afterEdit = Stopwatch.StartNew();
        var replanned = await planner.PlanAllAsync(CancellationToken.None);
        report.Row("start, one rule edited", $"{afterEdit.Elapsed.TotalSeconds:N2} s", $"{replanned.Rules} rule planned again (goal 1), {replanned.NewOccurrences} new occurrences");

        var reminders = services.GetRequiredService<ReminderService>();
        Report.Progress($"materialising the day's reminders");
        var materialise = Stopwatch.StartNew();
        var made = await reminders.MaterialiseAsync(CancellationToken.None);
        materialise.Stop();
        report.Row("day's reminders: materialise", $"{materialise.Elapsed.TotalSeconds:N1} s", $"{made:N0} reminders for the next 24 h");
        var materialiseAgain = Stopwatch.StartNew();
        var madeAgain = await reminders.MaterialiseAsync(CancellationToken.None);
        report.Row("day's reminders: materialise again", $"{materialiseAgain.Elapsed.TotalSeconds:N1} s", $"{madeAgain} new (goal 0)");

        Report.Progress($"sending the due reminders to the outbox");
        var dispatch = Stopwatch.StartNew();
        var sent = await reminders.DispatchDueAsync(CancellationToken.None);
        dispatch.Stop();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var queued = await db.OutboxMessages.CountAsync(m => m.Purpose == "reminder");
            report.Row("day's reminders: to the outbox", $"{dispatch.Elapsed.TotalSeconds:N1} s", $"{sent:N0} due now handed over, {queued:N0} outbox rows");
        }

        // The next night: the planner only looks at the days that came into view.
        time.Advance(TimeSpan.FromDays(1));
        var nightly = Stopwatch.StartNew();
        var tail = await planner.PlanHorizonTailAsync(CancellationToken.None);
        report.Row("nightly run, the next day", $"{nightly.Elapsed.TotalSeconds:N2} s", $"goal <= 2 s; {tail.Rules:N0} rules over {tail.From:yyyy-MM-dd}..{tail.To:yyyy-MM-dd} (the last {DeadlinePlanner.NightlyTailDays} days): {tail.NewOccurrences:N0} new occurrences");

        Goal("planning, the nightly run", FormattableString.Invariant($"{nightly.Elapsed.TotalSeconds:N2} s"), "<= 2 s");

        report.Print();
        Console.WriteLine();
        goals.ForEach(Console.WriteLine);
        return 0;
    }
}
