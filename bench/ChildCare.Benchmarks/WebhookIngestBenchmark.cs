using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChildCare.FakeTelegram;
using ChildCare.Testing;
using Npgsql;

namespace ChildCare.Benchmarks;

/// <summary>
/// Posts N "/start" messages (answered with the welcome text) from N distinct private chats to the Bot's
/// webhook at a given concurrency and times each one end to end: from the start of its POST until the fake
/// Bot API accepted the Bot's reply to that chat. The Bot runs as its own process (the Release build of
/// src/Bot) on a fresh PostgreSQL database.
/// </summary>
internal static class WebhookIngestBenchmark
{
    private const long FirstWarmupChat = 2_000_000_000;
    private const long FirstChat = 3_000_000_000;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var updates = args.Number("updates", 5_000, 1, 1_000_000);
        var concurrency = args.Number("concurrency", 100, 1, 10_000);
        var channel = ChannelSetup.Read(args, defaultLimit: 1_000, defaultLatencyMs: 0);
        var warmup = args.Number("warmup", 100, 0, 100_000);
        var timeout = TimeSpan.FromSeconds(args.Number("timeout-s", 120 + 3 * updates / channel.GlobalPerSecond, 1, 86_400));
        args.ThrowIfUnknown();

        var dll = RepositoryPaths.ProgramDll("Bot", "ChildCare.Bot");
        if (!File.Exists(dll))
        {
            throw new BenchUsageException($"{dll} is missing: build src/Bot in {RepositoryPaths.Configuration} first (dotnet run builds it).");
        }

        await using var database = await BenchDatabase.PostgresAsync();
        await using var fake = await FakeTelegramServer.StartAsync(channel.Fake());
        var port = FreePort.Next();
        var webhook = new Uri($"http://127.0.0.1:{port}/telegram/webhook");
        var settings = channel.BotSettings(fake, database, webhook);
        settings["Urls"] = $"http://127.0.0.1:{port}";
        var report = new Report($"webhook-ingest: {updates:N0} updates from {updates:N0} distinct private chats, {concurrency} POSTs at a time");
        report.Setting($"database: {database.Describe()}; Bot: dotnet {Path.GetFileName(dll)} ({RepositoryPaths.Configuration}) as a child process, scheduler off");
        channel.Describe(report);
        report.Setting($"warm-up: {warmup:N0} updates from other chats first, not counted");

        Report.Progress($"starting the Bot on port {port}");
        await using var bot = ChildProcess.Start(dll, settings);
        await bot.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);
        await WaitForWebhookAsync(fake, bot);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { Timeout = TimeSpan.FromSeconds(60) };
        var deliveries = new FakeDeliveries(fake);
        var nextUpdateId = 1L;
        if (warmup > 0)
        {
            var warmupChats = Enumerable.Range(0, warmup).Select(i => FirstWarmupChat + i).ToList();
            Report.Progress($"warming up with {warmup:N0} updates");
            await PostAllAsync(http, webhook, warmupChats, concurrency, nextUpdateId);
            nextUpdateId += warmup;
            await deliveries.WaitForAsync(warmupChats, timeout, "warm-up replies");
        }

        var chats = Enumerable.Range(0, updates).Select(i => FirstChat + i).ToList();
        Report.Progress($"posting {updates:N0} updates; giving up after {timeout.TotalSeconds:F0} s");
        var clock = Stopwatch.StartNew();
        var (botCpu, ownCpu) = (Report.Cpu(Process.GetProcessById(bot.Id)), Report.Cpu(Process.GetCurrentProcess()));
        var posts = await PostAllAsync(http, webhook, chats, concurrency, nextUpdateId);
        var posted = clock.Elapsed;
        var complete = await deliveries.WaitForAsync(chats, timeout - clock.Elapsed, "replies accepted");
        var botPeak = bot.HasExited ? 0 : Report.PeakWorkingSet(Process.GetProcessById(bot.Id));
        (botCpu, ownCpu) = (bot.HasExited ? TimeSpan.Zero : Report.Cpu(Process.GetProcessById(bot.Id)) - botCpu, Report.Cpu(Process.GetCurrentProcess()) - ownCpu);
        var stages = await StagesAsync(database.ConnectionString, deliveries);
        var outboxRows = await database.DescribeOutboxAsync();

        var latencies = chats.Select((chat, i) => deliveries.FirstAccepted.TryGetValue(chat, out var accepted) ? (accepted - posts[i].Start).TotalMilliseconds : double.NaN)
            .Where(ms => !double.IsNaN(ms)).Order().ToList();
        var postTimes = posts.Select(p => p.Milliseconds).Order().ToList();
        var missing = updates - latencies.Count;
        var span = latencies.Count == 0 ? TimeSpan.Zero : deliveries.FirstAccepted.Where(d => d.Key >= FirstChat).Max(d => d.Value) - posts.Min(p => p.Start);
        report.Row("end-to-end rate", $"{(span > TimeSpan.Zero ? latencies.Count / span.TotalSeconds : 0):F1} updates/s", complete
            ? $"{latencies.Count:N0} replies in {span.TotalSeconds:F1} s from the first POST"
            : $"GAVE UP after {timeout.TotalSeconds:F0} s; figures are what was reached");
        report.Row("end-to-end latency p50", $"{Report.Percentile(latencies, 50):F0} ms", "POST start to reply accepted by the fake");
        report.Row("end-to-end latency p99", $"{Report.Percentile(latencies, 99):F0} ms");
        report.Row("end-to-end latency max", $"{(latencies.Count > 0 ? latencies[^1] : double.NaN):F0} ms");
        report.Row("  of which in the inbox p50 / p99", $"{Report.Percentile(stages.Inbox, 50):F0} / {Report.Percentile(stages.Inbox, 99):F0} ms", "update stored by the webhook to reply enqueued");
        report.Row("  of which in the outbox p50 / p99", $"{Report.Percentile(stages.Outbox, 50):F0} / {Report.Percentile(stages.Outbox, 99):F0} ms", "reply enqueued to accepted by the fake");
        report.Row("missing replies", $"{missing:N0}", "goal 0");
        report.Row("duplicate replies", $"{deliveries.Duplicates:N0}", "goal 0; over warm-up and run");
        report.Row("outbox rows", $"{outboxRows.Total:N0}", $"warm-up and run; {outboxRows.ByStatus}");
        report.Row("webhook answers", $"{updates / posted.TotalSeconds:F1} /s", $"all {updates:N0} POSTs answered in {posted.TotalSeconds:F1} s; {posts.Count(p => !p.Ok):N0} not 200");
        report.Row("webhook answer p50 / p99", $"{Report.Percentile(postTimes, 50):F0} / {Report.Percentile(postTimes, 99):F0} ms", "POST start to 200");
        report.Row("CPU time", $"{botCpu.TotalSeconds:F1} s", $"the Bot; {ownCpu.TotalSeconds:F1} s this process (fake API and clients); over {clock.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
        report.Row("Bot peak working set", $"{Report.Megabytes(botPeak)}", "the Bot process only");
        report.Print();
        BotLog.Print(BotLog.Problems(bot.StandardOutput + "\n" + bot.StandardError));
        return 0;
    }

    /// <summary>
    /// Where the time went, per measured chat, from the Bot's own records: from the update stored by the
    /// webhook until its reply was enqueued (inbox), and from then until the fake accepted the reply (outbox).
    /// </summary>
    private static async Task<(List<double> Inbox, List<double> Outbox)> StagesAsync(string connectionString, FakeDeliveries deliveries)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT u.chat_id, u.received_at, o.created_at
            FROM inbound_updates u JOIN outbox_messages o ON o.chat_id = u.chat_id
            WHERE u.chat_id >= @first
            """, connection);
        command.Parameters.AddWithValue("first", FirstChat);
        var (inbox, outbox) = (new List<double>(), new List<double>());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            inbox.Add((reader.GetFieldValue<DateTimeOffset>(2) - reader.GetFieldValue<DateTimeOffset>(1)).TotalMilliseconds);
            if (deliveries.FirstAccepted.TryGetValue(reader.GetInt64(0), out var accepted))
            {
                outbox.Add((accepted - reader.GetFieldValue<DateTimeOffset>(2)).TotalMilliseconds);
            }
        }

        inbox.Sort();
        outbox.Sort();
        return (inbox, outbox);
    }

    private readonly record struct Post(DateTimeOffset Start, double Milliseconds, bool Ok);

    /// <summary>POSTs one private text message per chat, <paramref name="concurrency"/> at a time.</summary>
    private static async Task<Post[]> PostAllAsync(HttpClient http, Uri webhook, List<long> chats, int concurrency, long firstUpdateId)
    {
        var posts = new Post[chats.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, chats.Count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chats.Count)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
                {
                    Content = new StringContent(Update(firstUpdateId + i, chats[i]), Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", ChannelSetup.WebhookSecret);
                var start = TimeProvider.System.GetUtcNow();
                var clock = Stopwatch.StartNew();
                bool ok;
                try
                {
                    using var response = await http.SendAsync(request);
                    ok = response.IsSuccessStatusCode;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    ok = false;
                }

                posts[i] = new Post(start, clock.Elapsed.TotalMilliseconds, ok);
            }
        }));
        return posts;
    }

    private static string Update(long updateId, long chatId) => string.Create(CultureInfo.InvariantCulture, $$$"""
        {"update_id":{{{updateId}}},"message":{"message_id":1,"date":{{{TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()}}},"chat":{"id":{{{chatId}}},"type":"private","first_name":"Bench"},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"Bench","language_code":"vi"},"text":"/start"}}
        """);

    /// <summary>The Bot calls setWebhook once it runs; start only then, so its start-up calls are not in the figures.</summary>
    private static async Task WaitForWebhookAsync(FakeTelegramServer fake, ChildProcess bot)
    {
        var clock = Stopwatch.StartNew();
        while (fake.WebhookUrl is null)
        {
            if (bot.HasExited || clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"The Bot did not call setWebhook.\n{bot.StandardOutput}\n{bot.StandardError}");
            }

            await Task.Delay(50);
        }
    }
}
