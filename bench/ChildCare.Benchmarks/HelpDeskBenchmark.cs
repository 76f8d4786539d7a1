using System.Collections.Concurrent;
using System.Diagnostics;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
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
        arguments.ThrowIfUnknown();

        await using var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        var settings = new DatabaseSettings(postgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, database.ConnectionString, TimeSpan.FromSeconds(30));

        // Every chat may file its one report: the hourly limit is not what is measured.
        await using var services = await TestDatabase.ServicesAsync(settings, s => s.AddChildCareConversations(ConversationSettings.Default with { MaxReportsPerHour = 100 }, PrivacySettings.Ephemeral()));
        var engine = services.GetRequiredService<ConversationEngine>();
        await RunChatAsync(engine, -1, []); // warm-up: JIT, the first connection, the counter row

        var turns = new ConcurrentBag<double>();
        var process = Process.GetCurrentProcess();
        var cpuBefore = Report.Cpu(process);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, chats), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (chat, _) => await RunChatAsync(engine, chat, turns));
        var elapsed = watch.Elapsed;
        var cpu = Report.Cpu(process) - cpuBefore;

        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        var cases = await db.Cases.CountAsync() - 1;
        var sorted = turns.Order().ToList();
        var report = new Report("help-desk: whole reports through the conversation engine");
        report.Setting($"{chats:N0} chats, {concurrency} at a time, {Answers.Length + 2} turns each (the report typed without accents, then send tapped twice); {database.Describe()}");
        report.Row("chats finished", $"{chats / elapsed.TotalSeconds:N1} /s", $"{elapsed.TotalSeconds:N1} s in all");
        report.Row("turns", $"{sorted.Count / elapsed.TotalSeconds:N0} /s", $"{sorted.Count:N0} turns");
        report.Row("turn p50", $"{Report.Percentile(sorted, 50):N1} ms");
        report.Row("turn p99", $"{Report.Percentile(sorted, 99):N1} ms");
        report.Row("turn max", $"{sorted[^1]:N1} ms");
        report.Row("cases filed", $"{cases:N0}", cases == chats ? "one per chat, none twice" : $"EXPECTED {chats}");
        report.Row("CPU", $"{cpu.TotalSeconds / elapsed.TotalSeconds * 100:N0} %", "of one core, this process (driver and database client)");
        report.Row("peak working set", $"{Report.Megabytes(Report.PeakWorkingSet(process))}");
        report.Print();
        Console.WriteLine();
        Console.WriteLine("| figure | value | goal |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(FormattableString.Invariant($"| help desk, {concurrency} chats at once ({(postgres ? "PostgreSQL" : "SQLite")}): turn p50 | {Report.Percentile(sorted, 50):F1} ms | |"));
        Console.WriteLine(FormattableString.Invariant($"| help desk, {concurrency} chats at once ({(postgres ? "PostgreSQL" : "SQLite")}): turn p99 | {Report.Percentile(sorted, 99):F1} ms | < 100 ms |"));
        return cases == chats ? 0 : 1;
    }

    private static async Task RunChatAsync(ConversationEngine engine, long chat, ConcurrentBag<double> turns)
    {
        var watch = new Stopwatch();
        async Task<ConversationResult> Turn(ConversationInput input)
        {
            watch.Restart();
            var result = await engine.HandleAsync("bench", chat, input, Language.Vi, CancellationToken.None);
            turns.Add(watch.Elapsed.TotalMilliseconds);
            return result;
        }

        ConversationResult last = null!;
        foreach (var answer in Answers)
        {
            last = await Turn(ConversationInput.FromText(answer));
        }

        var send = last.Replies.SelectMany(r => r.Keyboard?.Rows ?? []).SelectMany(r => r).First(b => b.CallbackData?.EndsWith(":send", StringComparison.Ordinal) == true).CallbackData!;
        await Turn(ConversationInput.FromButton(send));
        await Turn(ConversationInput.FromButton(send));
    }
}
