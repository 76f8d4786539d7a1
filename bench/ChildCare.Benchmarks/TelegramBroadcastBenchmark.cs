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
    private const long LateChat = 2_000_000_000;
    private const long AlertChat = 3_000_000_000;
    private const long BaselineChat = 4_000_000_000;
    private const int EnqueueBatch = 1_000;
    private const int RemindersAfterAlert = 5;

    /// <summary>How long to keep watching after the last delivery, for a late second copy.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var messages = args.Number("messages", 10_000, 1, 1_000_000);
        var alerts = args.Number("alerts", 20, 0, 1_000);
        var channel = ChannelSetup.Read(args, defaultLimit: 300, defaultLatencyMs: 50);
        var limit = channel.GlobalPerSecond;
        var postgres = args.Flag("postgres");
        var baselineMessages = args.Number("baseline-messages", messages, 0, 1_000_000);
        var ideal = TimeSpan.FromSeconds((double)messages / limit);
        var timeout = TimeSpan.FromSeconds(args.Number("timeout-s", 60 + (int)(3 * ideal.TotalSeconds), 1, 86_400));
        args.ThrowIfUnknown();
        var lateReminders = Math.Min(alerts * RemindersAfterAlert, messages / 2);
        var goal = limit >= 300 ? 0.95 : 0.97;

        await using var database = postgres ? await BenchDatabase.PostgresAsync() : BenchDatabase.Sqlite();
        await using var fake = await FakeTelegramServer.StartAsync(channel.Fake());
        var deliveries = new FakeDeliveries(fake);
        var chats = Enumerable.Range(0, messages - lateReminders).Select(i => FirstChat + i).ToList();
        var lateChats = Enumerable.Range(0, lateReminders).Select(i => LateChat + i).ToList();
        var alertChats = Enumerable.Range(0, alerts).Select(i => AlertChat + i).ToList();
        var report = new Report($"telegram-broadcast: {messages:N0} reminders to {messages:N0} distinct private chats, {alerts} case alerts injected during it");
        report.Setting($"database: {database.Describe()}; Bot in this process (WebApplicationFactory<Program>), scheduler off");
        report.Setting($"{chats.Count:N0} reminders enqueued at the start; then {alerts} times, evenly over the broadcast, one case alert (Urgent) followed at once by {RemindersAfterAlert} more reminders");
        channel.Describe(report);

        IReadOnlyCollection<string> log;
        double ourRate;
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
            var alertsQueued = new Dictionary<long, DateTimeOffset>();
            var lateQueued = new Dictionary<long, DateTimeOffset>();
            for (var i = 0; i < alerts; i++)
            {
                await Task.Delay(ideal / (alerts + 1));
                alertsQueued[alertChats[i]] = TimeProvider.System.GetUtcNow();
                await outbox.EnqueueAsync([Alert(alertChats[i])], CancellationToken.None);
                var after = lateChats.Skip(i * RemindersAfterAlert).Take(RemindersAfterAlert).ToList();
                foreach (var chat in after)
                {
                    lateQueued[chat] = TimeProvider.System.GetUtcNow();
                }

                await outbox.EnqueueAsync([.. after.Select(Message)], CancellationToken.None);
            }

            var everyone = chats.Concat(lateChats).Concat(alertChats).ToList();
            var complete = await deliveries.WaitForAsync(everyone, timeout - clock.Elapsed, "delivered");
            await Task.Delay(Settle);
            var delivered = deliveries.DeliveredTo(everyone);
            var outboxRows = await database.DescribeOutboxAsync();
            var peak = Report.PeakWorkingSet(Process.GetCurrentProcess());
            cpu = Report.Cpu(Process.GetCurrentProcess()) - cpu;

            var accepted = deliveries.FirstAccepted;
            var span = delivered == 0 ? TimeSpan.Zero : accepted.Values.Max() - started;
            ourRate = span > TimeSpan.Zero ? delivered / span.TotalSeconds : 0;
            report.Row("first enqueue to last delivery", $"{span.TotalSeconds:F1} s", complete
                ? $"ideal {(everyone.Count / (double)limit):F1} s at L"
                : $"GAVE UP after {timeout.TotalSeconds:F0} s; figures are what was reached");
            report.Row("enqueue", $"{enqueued.TotalSeconds:F1} s", $"{(chats.Count + EnqueueBatch - 1) / EnqueueBatch} IOutbox.EnqueueAsync calls of up to {EnqueueBatch:N0}");
            report.Row("achieved rate", $"{ourRate:F1} /s", $"L = {limit}/s; {delivered:N0} messages (reminders and alerts)");
            report.Row("achieved rate / L", $"{ourRate / limit:F3}", FormattableString.Invariant($"goal >= {goal:F2}"));
            report.Row("429 answers received", $"{fake.TooManyRequestsSent:N0}", "goal 0");
            report.Row("duplicates", $"{deliveries.Duplicates:N0}", "goal 0; same text accepted twice in a chat");
            report.Goal(FormattableString.Invariant($"broadcast of {messages:N0} at L = {limit}/s{(postgres ? " (PostgreSQL)" : "")}: rate / L, 429s, duplicates, lost"),
                $"{ourRate / limit:F3}, {fake.TooManyRequestsSent:N0}, {deliveries.Duplicates:N0}, {everyone.Count - delivered:N0}", FormattableString.Invariant($">= {goal:F2}, 0, 0, 0"));
            report.Row("lost", $"{everyone.Count - delivered:N0}", "goal 0; enqueued, never accepted by the fake");
            Analyse(report, fake, accepted, started, limit, bot.Services.GetRequiredService<SendRateGate>().Figures);

            var waits = alertChats.Where(accepted.ContainsKey).Select(c => (accepted[c] - alertsQueued[c]).TotalMilliseconds).Order().ToList();
            var overtaken = alertChats.Where(accepted.ContainsKey)
                .Sum(a => lateChats.Count(r => lateQueued[r] > alertsQueued[a] && accepted.TryGetValue(r, out var at) && at < accepted[a]));
            report.Row("case alert wait p50 / max", $"{Report.Percentile(waits, 50):F0} / {(waits.Count > 0 ? waits[^1] : double.NaN):F0} ms", $"enqueued to accepted by the fake, {waits.Count} alerts during the broadcast");
            report.Row("reminders queued after an alert, sent before it", $"{overtaken:N0}", "goal 0");
            report.Goal(FormattableString.Invariant($"case alerts during it: wait p50, reminders that overtook one"), $"{Report.Percentile(waits, 50):F0} ms, {overtaken:N0}", "-, 0");
            report.Row("outbox rows", $"{outboxRows.Total:N0}", outboxRows.ByStatus);
            log = bot.Log.Lines;
            report.Row("CPU time", $"{cpu.TotalSeconds:F1} s", $"whole process, over {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
            report.Row("peak working set", $"{Report.Megabytes(peak)}", $"whole process: Bot, fake API and driver; {Report.Megabytes(afterStart)} after start-up");
        }

        if (baselineMessages > 0)
        {
            var baselineChats = Enumerable.Range(0, baselineMessages).Select(i => BaselineChat + i).ToList();
            var baselineTimeout = TimeSpan.FromSeconds(60 + (4.0 * baselineMessages / limit));
            Report.Progress($"baseline: {baselineMessages:N0} Hangfire jobs calling Telegram.Bot; giving up after {baselineTimeout.TotalSeconds:F0} s");
            // The fake's one-second windows forget our run within a second; wait that out.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var theirs = await HangfireBaseline.RunAsync(fake, baselineChats, chat => Message(chat).Text, baselineTimeout);
            var theirRate = theirs.Span > TimeSpan.Zero ? theirs.Delivered / theirs.Span.TotalSeconds : 0;
            report.Row("baseline: achieved rate / L", $"{theirRate / limit:F3}", FormattableString.Invariant(
                $"{theirs.Delivered:N0} of {theirs.Messages:N0} in {theirs.Span.TotalSeconds:F1} s{(theirs.Complete ? "" : " (GAVE UP)")}: one Hangfire job per message (in-memory storage, {theirs.Workers} workers), Telegram.Bot SendMessage, RetryCount 3"));
            report.Row("baseline: 429 answers received", $"{theirs.TooManyRequests:N0}", "");
            report.Row("baseline: duplicates", $"{theirs.Duplicates:N0}", $"lost {theirs.Messages - theirs.Delivered:N0}");
            report.Row("ours / baseline rate", $"{(theirRate > 0 ? ourRate / theirRate : double.NaN):F2}", "x");
            report.Goal(FormattableString.Invariant($"baseline (a Hangfire job per message, Telegram.Bot retries), {baselineMessages:N0}: rate / L, 429s, duplicates"),
                $"{theirRate / limit:F3}, {theirs.TooManyRequests:N0}, {theirs.Duplicates:N0}", "");
            report.Goal("ours / baseline rate", $"{(theirRate > 0 ? ourRate / theirRate : double.NaN):F2} x", "");
        }

        report.Print();
        BotLog.Print(log);
        return 0;
    }

    /// <summary>
    /// Where the time goes: before the first message is accepted, the steady rate after it, and how close the
    /// sends came to the fake's limit (the shortest time in which it accepted L + 1 messages: under a second is a 429).
    /// </summary>
    private static void Analyse(Report report, FakeTelegramServer fake, IReadOnlyDictionary<long, DateTimeOffset> accepted, DateTimeOffset started, int limit, GateFigures gate)
    {
        var stamps = fake.Requests.Where(r => r.Succeeded && r.Method == "sendMessage").Select(r => r.Timestamp).Order().ToList();
        if (stamps.Count <= limit || accepted.Count == 0)
        {
            return;
        }

        var steady = (stamps.Count - 1) / (stamps[^1] - stamps[0]).TotalSeconds;
        var tightest = Enumerable.Range(0, stamps.Count - limit).Min(k => (stamps[k + limit] - stamps[k]).TotalMilliseconds);
        var gaps = Enumerable.Range(1, stamps.Count - 1).Select(k => (stamps[k] - stamps[k - 1]).TotalMilliseconds).Order().ToList();
        report.Row("first enqueue to first acceptance", $"{(stamps[0] - started).TotalMilliseconds:F0} ms", "start-up of the send path, part of the rate above");
        report.Row("steady rate / L", $"{steady / limit:F3}", "first to last acceptance");
        report.Row("shortest time for L + 1 acceptances", $"{tightest:F1} ms", "under 1,000 ms would be a 429");
        var busy = stamps[^1] - stamps[0];
        report.Row("gate: held by the anchor", $"{gate.HeldByAnchor.TotalSeconds:F1} s", FormattableString.Invariant(
            $"{gate.HeldByAnchor / busy:P1} of the time; sends waiting for the answer L before, beyond the spacing (1/L + 1.5 %); margin {gate.Margin.TotalMilliseconds:F0} ms under the shortest round trip {gate.ShortestRoundTrip.TotalMilliseconds:F0} ms"));
        report.Row("gate: late wake-ups", $"{gate.LateWakeUps.TotalSeconds:F1} s", FormattableString.Invariant($"{gate.LateWakeUps / busy:P1}; waiting senders that went after their time (timers, a busy machine; up to half a slot, or 15 ms at high rates, is made up)"));
        report.Row("gate: nobody waiting", $"{gate.NobodyWaiting.TotalSeconds:F1} s", FormattableString.Invariant($"{gate.NobodyWaiting / busy:P1}; a send was allowed but the dispatcher had none at the gate"));
        report.Row("gap between acceptances p50 / p99 / max", $"{Report.Percentile(gaps, 50):F1} / {Report.Percentile(gaps, 99):F1} / {gaps[^1]:F1} ms", FormattableString.Invariant($"1/L = {1000.0 / limit:F1} ms"));
    }

    private static OutboundMessage Alert(long chatId) => new(
        chatId,
        $"Vụ việc mới cần tiếp nhận (#{chatId - AlertChat})",
        MessagePriority.Urgent,
        "case-alert",
        DedupKey: $"bench-alert:{chatId}");

    private static OutboundMessage Message(long chatId) => new(
        chatId,
        $"Nhắc việc: nộp <b>báo cáo 6 tháng</b> trước ngày 15/6. (#{chatId})",
        MessagePriority.Reminder,
        "benchmark",
        DedupKey: $"bench:{chatId}");
}
