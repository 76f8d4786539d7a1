using System.Collections.Concurrent;
using System.Diagnostics;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Benchmarks;

/// <summary>
/// The help desk's engine under load: N chats at once each write a whole report, typed without accents, and
/// send it (and tap "send" a second time). Prints turns per second, the time of one turn (load the sealed
/// state, run the flow, file or look up, save), and checks that every chat filed exactly one case.
/// </summary>
internal static class HelpDeskBenchmark
{
    private static readonly string[] Answers =
    [
        "bao cao", "khong", "thanh hoa", "xa cam tan", "thon 3", "bo qua", "9", "nam", "bo qua", "bi danh",
        "chau bi cha duong danh thuong xuyen, co vet bam tren tay", "cha duong", "an danh",
    ];

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var chats = arguments.Number("chats", 500, 1, 100_000);
        var concurrency = arguments.Number("concurrency", 32, 1, 1000);
        var postgres = arguments.Flag("postgres");
        var communes = arguments.Number("communes", 150, 1, 5000);
        // PostgreSQL: at most this many connections (Npgsql's "Maximum Pool Size"; 0 keeps its default, 100). On a small
        // machine a few connections queue the turns in this process, in order, rather than 50 busy backends in the kernel.
        var maxPool = arguments.Number("max-pool", 0, 0, 1000);
        arguments.ThrowIfUnknown();

        await using var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        var connectionString = postgres && maxPool > 0
            ? new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = maxPool }.ConnectionString
            : database.ConnectionString;
        var settings = new DatabaseSettings(postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, connectionString, TimeSpan.FromSeconds(30));

        // Every chat may file its one report: the hourly limit is not what is measured.
        await using var services = await TestDatabase.ServicesAsync(settings, s => s.AddChildCareConversations(ConversationSettings.Default with { MaxReportsPerHour = 100 }, PrivacySettings.Ephemeral()));
        var engine = services.GetRequiredService<ConversationEngine>();
        await SeedUnitsAsync(services, communes);
        await RunChatAsync(engine, -1, null); // warm-up: JIT, the first connection, the counter row

        var turns = new ConcurrentBag<Turn>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = Report.Cpu(process);
        using var tracer = new TurnTracer();
        TimeSpan elapsed;
        LoadSampler load;
        using (load = LoadSampler.Start(postgres ? database.ConnectionString : null))
        {
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(1, chats), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                async (chat, _) => await RunChatAsync(engine, chat, turns));
            elapsed = watch.Elapsed;
        }

        var cpu = Report.Cpu(process) - cpuBefore;

        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        var cases = await db.Cases.CountAsync() - 1;
        var sorted = turns.OrderBy(t => t.Ms).ToList();
        var times = sorted.Select(t => t.Ms).ToList();
        var (p50, p95, p99) = (Report.Percentile(times, 50), Report.Percentile(times, 95), Report.Percentile(times, 99));
        var slow = sorted.Where(t => t.Ms >= p99).ToList();
        var where = $"help desk, {concurrency} chats at once ({(postgres ? "PostgreSQL" : "SQLite")}{(postgres && maxPool > 0 ? $", pool of {maxPool}" : "")})";
        var report = new Report("help-desk: whole reports through the conversation engine");
        report.Setting($"{chats:N0} chats, {concurrency} at a time, {Answers.Length + 2} turns each (the report typed without accents, then send tapped twice); {database.Describe()}");
        if (postgres)
        {
            if (maxPool > 0)
            {
                report.Setting($"at most {maxPool} PostgreSQL connections (Maximum Pool Size)");
            }
            else
            {
                report.Setting($"PostgreSQL connections: the driver's default pool (at most 100)");
            }
        }
        report.Setting($"the reports' province (Thanh Hóa) has {communes:N0} communes in the units table, as after an import; the reports name Xã Cẩm Tân");
        report.Setting($"a turn: ConversationEngine.HandleAsync, from the call to its answer (load the sealed state, run the flow, file or look up, save)");
        report.Row("chats finished", $"{chats / elapsed.TotalSeconds:N1} /s", $"{elapsed.TotalSeconds:N1} s in all");
        report.Row("turns", $"{sorted.Count / elapsed.TotalSeconds:N0} /s", $"{sorted.Count:N0} turns");
        report.Row("turn p50", $"{p50:N1} ms");
        report.Row("turn p95", $"{p95:N1} ms");
        report.Row("turn p99", $"{p99:N1} ms");
        report.Row("turn max", $"{times[^1]:N1} ms");
        foreach (var kind in sorted.Select(t => t.Kind).Distinct().Order())
        {
            var ofKind = sorted.Where(t => t.Kind == kind).Select(t => t.Ms).ToList();
            report.Row($"  {kind}: p50 / p99", $"{Report.Percentile(ofKind, 50):N1} / {Report.Percentile(ofKind, 99):N1} ms", $"{ofKind.Count:N0} turns, {slow.Count(t => t.Kind == kind)} of the slowest 1 %");
            report.Row($"  {kind}: mean", $"{Breakdown([.. sorted.Where(t => t.Kind == kind)])}", Statements([.. sorted.Where(t => t.Kind == kind)], 8));
        }

        report.Row("all turns, mean", $"{Breakdown(sorted)}");
        report.Row("slowest 1 %, mean", $"{Breakdown(slow)}", $"{slow.Count} turns of {p99:N0} ms or more");
        report.Row("slowest 1 %, statements", $"{Statements(slow)}", "mean ms per slow turn, the three largest");
        var probes = load.ProbeDelaysMs;
        report.Row("thread pool", $"{load.MaxThreads} threads, {load.MaxQueued} queued at most", $"an item queued waited p50 {Report.Percentile(probes, 50):N1} ms, p99 {Report.Percentile(probes, 99):N1} ms, max {(probes.Count == 0 ? 0 : probes[^1]):N1} ms");
        report.Row("GC", $"{load.GcPause.TotalMilliseconds:N0} ms paused", $"{load.Gen0} gen0, {load.Gen2} gen2 collections; {load.LockContention:N0} contended locks in this process");
        if (postgres)
        {
            report.Row("PostgreSQL lock waits", $"{(double)load.SamplesWithLockWaits / Math.Max(1, load.Samples) * 100:N1} % of samples", $"at most {load.MaxLockWaiters} sessions waiting; in {string.Join(", ", load.LockWaitsByStatement.OrderByDescending(s => s.Value).Take(3).Select(s => $"{s.Key} ({s.Value})"))}");
            report.Row("idle in transaction", $"{load.MeanIdleInTransaction:N1} sessions", $"mean of {load.Samples:N0} samples, at most {load.MaxIdleInTransaction}");
        }

        report.Row("cases filed", $"{cases:N0}", cases == chats ? "one per chat, none twice" : $"EXPECTED {chats}");
        report.Row("CPU", $"{cpu.TotalSeconds / elapsed.TotalSeconds * 100:N0} %", "of one core, this process (driver and database client)");
        report.Row("peak working set", $"{Report.Megabytes(Report.PeakWorkingSet(process))}");
        report.Goal($"{where}: turn p50", $"{p50:F1} ms", "");
        report.Goal($"{where}: turn p95", $"{p95:F1} ms", "");
        report.Goal($"{where}: turn p99", $"{p99:F1} ms", "< 100 ms");
        report.Goal($"{where}: turn max", $"{times[^1]:F1} ms", "");
        report.Goal($"{where}: slowest 1 % spent", $"{Breakdown(slow)}", "");
        report.Print();
        return cases == chats ? 0 : 1;
    }

    // The province every report names, with its communes as an import leaves them: the help desk offers and matches
    // their names, and a filed case is routed to one. An empty units table made both free.
    private static async Task SeedUnitsAsync(IServiceProvider services, int communes)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        var province = new Unit { Code = "thanh-hoa", NameVi = "Tỉnh Thanh Hóa", NameEn = "Thanh Hoa Province", Kind = UnitKind.Province };
        db.Units.Add(province);
        await db.SaveChangesAsync();
        db.Units.Add(new Unit { Code = "thanh-hoa/cam-tan", ParentId = province.Id, NameVi = "Xã Cẩm Tân", NameEn = "Cam Tan Commune", Kind = UnitKind.Commune });
        for (var i = 2; i <= communes; i++)
        {
            db.Units.Add(new Unit { Code = $"thanh-hoa/xa-{i}", ParentId = province.Id, NameVi = $"Xã Thọ Lập {i}", NameEn = $"Tho Lap {i} Commune", Kind = UnitKind.Commune });
        }

        await db.SaveChangesAsync();
    }

    private static async Task RunChatAsync(ConversationEngine engine, long chat, ConcurrentBag<Turn>? turns)
    {
        async Task<ConversationResult> Timed(ConversationInput input, string kind)
        {
            var trace = TurnTracer.Begin();
            var started = Stopwatch.GetTimestamp();
            var result = await engine.HandleAsync("bench", chat, input, Language.Vi, CancellationToken.None);
            turns?.Add(new Turn(Stopwatch.GetElapsedTime(started).TotalMilliseconds, kind, trace));
            TurnTracer.End();
            return result;
        }

        ConversationResult last = null!;
        foreach (var answer in Answers)
        {
            last = await Timed(ConversationInput.FromText(answer), "answer");
        }

        var send = last.Replies.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(r => r).First(b => b.CallbackData?.EndsWith(":send", StringComparison.Ordinal) == true).CallbackData!;
        await Timed(ConversationInput.FromButton(send), "send (files)");
        await Timed(ConversationInput.FromButton(send), "send again");
    }

    // Mean milliseconds of a turn: in database commands, opening connections, commits, and the rest (CPU here and
    // waiting for a thread between awaits).
    private static string Breakdown(IReadOnlyCollection<Turn> turns)
    {
        if (turns.Count == 0)
        {
            return "-";
        }

        var (total, commands, opens, commits) = (turns.Average(t => t.Ms), turns.Average(t => t.Trace.CommandMs), turns.Average(t => t.Trace.OpenMs), turns.Average(t => t.Trace.CommitMs));
        return FormattableString.Invariant(
            $"{total:F1} ms: {commands:F1} in {turns.Average(t => t.Trace.Commands):F1} commands, {opens:F1} opening connections, {commits:F1} committing, {total - commands - opens - commits:F1} other");
    }

    private static string Statements(IReadOnlyCollection<Turn> turns, int largest = 3) => turns.Count == 0 ? "-" : string.Join(", ", turns
        .SelectMany(t => t.Trace.ByStatement)
        .GroupBy(s => s.Key)
        .Select(g => (Statement: g.Key, Ms: g.Sum(s => s.Value) / turns.Count))
        .OrderByDescending(s => s.Ms)
        .Take(largest)
        .Select(s => FormattableString.Invariant($"{s.Statement} {s.Ms:F1}")));

    private sealed record Turn(double Ms, string Kind, TurnTracer.Trace Trace);
}
