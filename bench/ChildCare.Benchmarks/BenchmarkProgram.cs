namespace ChildCare.Benchmarks;

/// <summary>
/// Benchmarks of the Telegram channel (issue 3) and of deadline planning (issue 4). They print figures; they assert nothing and are not tests.
/// Not top-level statements: those would declare a second global Program beside the Bot's.
/// </summary>
internal static class BenchmarkProgram
{
    private const string Usage = """
        usage: dotnet run -c Release --project bench/ChildCare.Benchmarks -- <benchmark> [options]

          telegram-broadcast [--messages 10000] [--limit 300] [--latency-ms 50] [--max-concurrent-sends 16]
                             [--postgres] [--timeout-s N] [--alerts 20] [--baseline-messages N (0: none)]
              one message to each of N chats through the outbox and the fake Bot API limited to L/s, case alerts
              injected during it, then the same through one Hangfire job per message (Telegram.Bot, its 429 retries)
          reminder-morning   [--officials 16600] [--limit 30] [--latency-ms 50] [--postgres] [--timeout-s N]
              N officials with three deadlines due today: from ReminderService at 08:00 to the last one accepted at L/s
          webhook-ingest     [--updates 3000] [--concurrency 100] [--limit 2000] [--latency-ms 0] [--nodes 1|2] [--node-cpu CORES] [--bot-env NAME=VALUE,...] [--bot-dll PATH] [--singles 50] [--pause-s 0]
                             [--max-concurrent-sends 16] [--warmup 100] [--timeout-s N]
              updates posted to the Bot's webhook until the fake Bot API accepts each reply (PostgreSQL)

          deadline-planning  [--units 10000] [--rules 20] [--officials 20000] [--days 400] [--postgres] [--keep]
              plans every rule's occurrences over the horizon, then materialises and sends a day's reminders
          help-desk          [--chats 500] [--concurrency 32] [--communes 150] [--postgres]
              whole reports through the conversation engine, N chats at once
          case-watch         [--cases 2000] [--communes 100] [--postgres]
              the case queue's watcher over a backlog of open cases: alert, idle and escalation rounds
          lunar              [--seconds 3]
              lunar conversions per second, both ways
          startup            [--runs 5] [--settle-s 3] [--idle-minutes 0] [--bot-env NAME=VALUE,...] [--bot-dll PATH] [--label Bot]
              cold start to healthy and peak memory of the Bot (SQLite) beside an empty ASP.NET Core app
          plan-extraction    [--details]
              precision and recall of plan import against the hand-written items of five plans

        PostgreSQL comes from CHILDCARE_TEST_POSTGRES: run under scripts/with-postgres.sh.
        """;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["telegram-broadcast", .. var rest] => await TelegramBroadcastBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["reminder-morning", .. var rest] => await ReminderMorningBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["webhook-ingest", .. var rest] => await WebhookIngestBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["deadline-planning", .. var rest] => await DeadlinePlanningBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["help-desk", .. var rest] => await HelpDeskBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["case-watch", .. var rest] => await CaseWatchBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["lunar", .. var rest] => await LunarBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["startup", .. var rest] => await StartupBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["plan-extraction", .. var rest] => await PlanExtractionBenchmark.RunAsync(BenchArguments.Parse(rest)),
                ["--help" or "-h" or "help"] => await HelpAsync(),
                _ => throw new BenchUsageException(args.Length == 0 ? "name a benchmark." : $"unknown benchmark '{args[0]}'."),
            };
        }
        catch (BenchUsageException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}\n\n{Usage}");
            return 64;
        }
    }

    private static async Task<int> HelpAsync()
    {
        await Console.Out.WriteLineAsync(Usage);
        return 0;
    }
}
