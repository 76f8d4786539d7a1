using System.Diagnostics;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Benchmarks;

/// <summary>
/// Broadcasts one message to each of N chats through the real sending path (outbox in the database,
/// OutboxDispatcher, TelegramMessageSender, Telegram.Bot's TelegramBotClient over the HttpClient with its resilience handler and rate gate), with the Bot app in
/// this process and the fake Bot API enforcing a global limit L; the Bot is set to the same L.
/// </summary>
internal static class TelegramBroadcastBenchmark
{
    private const long FirstChat = 1_000_000_000;
    private const int EnqueueBatch = 1_000;

    /// <summary>How long to keep watching after the last delivery, for a late second copy.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var messages = args.Number("messages", 10_000, 1, 1_000_000);
        var channel = ChannelSetup.Read(args, defaultLimit: 300, defaultLatencyMs: 50);
        var limit = channel.GlobalPerSecond;
        var postgres = args.Flag("postgres");
        var ideal = TimeSpan.FromSeconds((double)messages / limit);
        var timeout = TimeSpan.FromSeconds(args.Number("timeout-s", 60 + (int)(3 * ideal.TotalSeconds), 1, 86_400));
        args.ThrowIfUnknown();

        await using var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        await using var fake = await FakeTelegramServer.StartAsync(channel.Fake());
        var deliveries = new FakeDeliveries(fake);
        var chats = Enumerable.Range(0, messages).Select(i => FirstChat + i).ToList();
        var report = new Report($"telegram-broadcast: {messages:N0} messages to {messages:N0} distinct private chats");
        report.Setting($"database: {database.Describe()}; Bot in this process (WebApplicationFactory<Program>), scheduler off");
        channel.Describe(report);

        IReadOnlyCollection<string> log;
        await using (var bot = new InProcessBot(channel.BotSettings(fake, database, new Uri("https://bot.example/telegram/webhook"))))
        {
            Report.Progress($"starting the Bot on {database.Describe()}");
            var outbox = bot.Services.GetRequiredService<IOutbox>();
            var afterStart = Report.PeakWorkingSet(Process.GetCurrentProcess());
            Report.Progress($"enqueueing {messages:N0} messages; giving up after {timeout.TotalSeconds:F0} s");

            var started = TimeProvider.System.GetUtcNow();
            var clock = Stopwatch.StartNew();
            var cpu = Report.Cpu(Process.GetCurrentProcess());
            foreach (var batch in chats.Chunk(EnqueueBatch))
            {
                await outbox.EnqueueAsync([.. batch.Select(Message)], CancellationToken.None);
            }

            var enqueued = clock.Elapsed;
            var complete = await deliveries.WaitForAsync(chats, timeout - clock.Elapsed, "delivered");
            await Task.Delay(Settle);
            var delivered = deliveries.DeliveredTo(chats);
            var outboxRows = await database.DescribeOutboxAsync();
            var peak = Report.PeakWorkingSet(Process.GetCurrentProcess());
            cpu = Report.Cpu(Process.GetCurrentProcess()) - cpu;

            var span = delivered == 0 ? TimeSpan.Zero : deliveries.FirstAccepted.Values.Max() - started;
            var rate = span > TimeSpan.Zero ? delivered / span.TotalSeconds : 0;
            report.Row("first enqueue to last delivery", $"{span.TotalSeconds:F1} s", complete
                ? $"ideal {ideal.TotalSeconds:F1} s at L"
                : $"GAVE UP after {timeout.TotalSeconds:F0} s; figures are what was reached");
            report.Row("enqueue", $"{enqueued.TotalSeconds:F1} s", $"{messages / EnqueueBatch + (messages % EnqueueBatch > 0 ? 1 : 0)} IOutbox.EnqueueAsync calls of up to {EnqueueBatch:N0}");
            report.Row("achieved rate", $"{rate:F1} /s", $"L = {limit}/s");
            report.Row("achieved rate / L", $"{rate / limit:F3}", "goal >= 0.95");
            report.Row("429 answers received", $"{fake.TooManyRequestsSent:N0}", "goal 0");
            report.Row("duplicates", $"{deliveries.Duplicates:N0}", "goal 0; same text accepted twice in a chat");
            report.Row("lost", $"{messages - delivered:N0}", "goal 0; enqueued, never accepted by the fake");
            report.Row("outbox rows", $"{outboxRows.Total:N0}", outboxRows.ByStatus);
            log = bot.Log.Lines;
            report.Row("CPU time", $"{cpu.TotalSeconds:F1} s", $"whole process, over {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
            report.Row("peak working set", $"{Report.Megabytes(peak)}", $"whole process: Bot, fake API and driver; {Report.Megabytes(afterStart)} after start-up");
        }

        report.Print();
        BotLog.Print(log);
        return 0;
    }

    private static OutboundMessage Message(long chatId) => new(
        chatId,
        $"Nhắc việc: nộp <b>báo cáo 6 tháng</b> trước ngày 15/6. (#{chatId - FirstChat})",
        MessagePriority.Reminder,
        "benchmark",
        DedupKey: $"bench:{chatId}");
}
