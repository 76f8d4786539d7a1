using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Fuzz;

/// <summary>
/// The real Bot (webhook mode, PostgreSQL) takes 10,000 generated hostile updates (<see cref="HostileCorpus"/>,
/// seeded: CHILDCARE_FUZZ_SEED and CHILDCARE_FUZZ_UPDATES reproduce or enlarge a run), then hostile web chat
/// messages, then an official opens the case pages the hostile reports became. Asserted: no 5xx and no unanswered
/// post, the process alive and logging no error, every update handled (none given up), every reply accepted by the fake Bot API
/// (which refuses HTML Telegram would refuse), no hostile marker raw in any HTML reply, web chat answer or page,
/// no report filed twice, and the working set after the warm-up growing by less than <see cref="MemoryGrowthLimit"/>.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class WebhookFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_260_901;
    private const int DefaultUpdates = 10_000;
    private const int WarmUp = 1_000;
    private const int Lanes = 8;
    private const int WebChatSessions = 30;
    private const int WebChatMessages = 10;
    private const long Supervisor = 4_999_000_001;
    private const long MemoryGrowthLimit = 256L * 1024 * 1024;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Webhook_TakesTenThousandHostileUpdates_WithoutA5xx_UnescapedText_OrGrowingMemory()
    {
        var seed = FromEnvironment("CHILDCARE_FUZZ_SEED", DefaultSeed);
        // Fewer than the default only to try something out: the figures then say so.
        var count = Math.Max(2 * WarmUp, FromEnvironment("CHILDCARE_FUZZ_UPDATES", DefaultUpdates));
        using var figures = new Figures(output, "webhook-fuzz");
        figures.Note($"seed {seed}; {count:N0} webhook updates in {Lanes} lanes (one chat's in order); then {WebChatSessions * WebChatMessages} web chat messages and the case pages");
        await using var database = await ReliabilityDatabase.CreateAsync("fuzz");
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var bot = Node.Bot("webhook-fuzz-bot", NodeSettings.Bot(database, fake, "Webhook"));
        await bot.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Lanes * 2 }) { BaseAddress = bot.Address, Timeout = TimeSpan.FromSeconds(60) };
        var webhook = new Webhook(http, NodeSettings.WebhookSecret);

        // A supervisor of the province, who will open every case the fuzz files.
        await AdminApi.ImportUnitsAsync(http);
        Assert.Equal(200, await webhook.PostAsync(TelegramUpdates.Message(Supervisor, "/join " + await AdminApi.InviteAsync(http, "thanh-hoa", "Supervisor"))));
        await Wait.UntilAsync(() => Deliveries.Of(fake).To(Supervisor).Count > 0, TimeSpan.FromSeconds(60), "the supervisor's welcome");

        var corpus = new HostileCorpus(seed);
        var bodies = corpus.Generate(count);
        figures.Note("kinds: " + string.Join(", ", bodies.GroupBy(b => b.Kind).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        var statuses = new ConcurrentDictionary<int, int>();
        await using var memory = new WorkingSetSampler(bot.ProcessId, TimeSpan.FromMilliseconds(250));
        var clock = Stopwatch.StartNew();

        await PostAsync(webhook, bodies[..WarmUp], statuses);
        await DrainedAsync(database, bot);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var (baseline, baselineAt) = (memory.Latest, memory.Elapsed);
        await PostAsync(webhook, bodies[WarmUp..], statuses);
        var posted = clock.Elapsed;
        await DrainedAsync(database, bot);
        var handled = clock.Elapsed;
        var botCpu = Process.GetProcessById(bot.ProcessId).TotalProcessorTime;
        var peak = memory.PeakSince(baselineAt);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var settled = memory.Latest;

        var serverErrors = statuses.Where(s => Webhook.IsServerError(s.Key)).Sum(s => s.Value);
        figures.Add("webhook updates posted", $"{count:N0}", $"in {posted.TotalSeconds:F1} s; all handled and answered after {handled.TotalSeconds:F1} s");
        figures.Add("webhook answers", $"{string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"))}", "0 = no answer");
        figures.Add("5xx or no answer", $"{serverErrors}", "goal 0");
        figures.Add("Bot CPU time", $"{botCpu.TotalSeconds:F0} s", $"from start to the last reply, on {Environment.ProcessorCount} cores");
        figures.Add("Bot working set after warm-up", $"{WorkingSetSampler.Megabytes(baseline)}", $"after the first {WarmUp:N0} updates");
        figures.Add("Bot peak working set after warm-up", $"{WorkingSetSampler.Megabytes(peak)}", $"growth {WorkingSetSampler.Megabytes(peak - baseline)}; limit {WorkingSetSampler.Megabytes(MemoryGrowthLimit)}");
        figures.Add("Bot working set 3 s after the last reply", $"{WorkingSetSampler.Megabytes(settled)}");

        var inbound = await ByStatusAsync(database, "inbound_updates", "Pending", "Processing", "Done", "Failed");
        var outbox = await ByStatusAsync(database, "outbox_messages", "Pending", "Sending", "Sent", "Failed", "Unreachable");
        figures.Add("inbound updates by status", $"{Describe(inbound)}", "Failed: given up after 5 attempts; goal 0");
        figures.Add("outbox by status", $"{Describe(outbox)}", "Failed: refused by the Bot API (a lost reply); goal 0");

        var (sent, refused, unescaped) = CheckTelegramHtml(fake, figures);
        figures.Add("sendMessage calls with parse_mode HTML", $"{sent:N0}", "every one checked");
        figures.Add("refused by the fake Bot API", $"{refused}", "goal 0 (bad HTML, too long, bad buttons)");
        figures.Add("HTML replies with user text unescaped", $"{unescaped}", "goal 0");

        var (webAnswers, webErrors, webUnescaped) = await WebChatAsync(bot, corpus, figures);
        figures.Add("web chat messages", $"{webAnswers}", $"5xx or no answer {webErrors}; answers with user text unescaped {webUnescaped}; goal 0 each");

        var cases = await database.ScalarAsync<long>("SELECT count(*) FROM cases");
        var reporters = await database.ScalarAsync<long>("SELECT count(DISTINCT submission_id) FROM cases");
        var (pages, pageProblems) = await PagesAsync(bot, fake, webhook, figures);
        figures.Add("cases filed by the fuzz", $"{cases}", $"{reporters} distinct drafts; at most {HostileCorpus.Walkers} walkers wrote whole reports");
        figures.Add("case pages opened by the supervisor", $"{pages}", $"with user text unescaped: {pageProblems}; goal 0");
        // Our own errors and the host's; EF Core also logs, as errors, exceptions its callers handle (a first-row race).
        var lines = bot.Log.Split('\n');
        var errors = lines.Where(l => (l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)) && !l.Contains(" Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)).ToList();
        var efErrors = lines.Where(l => l.Contains(" fail: Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)).ToList();
        var handlingFailed = bot.CountInLog("Messaging: handling telegram update");
        figures.Add("Bot errors logged", $"{errors.Count}", "ChildCare and the host at error or critical; goal 0");
        figures.Add("update handlings that failed", $"{handlingFailed}", "tried again later; goal 0");
        figures.Add("EF Core errors logged", $"{efErrors.Count}", "exceptions the product caught and handled (listed)");
        foreach (var line in errors.Concat(efErrors).Take(10))
        {
            figures.Note("  " + (line.Length > 400 ? line[..400] : line));
        }

        Assert.True(bot.IsRunning, "The Bot process died.\n" + bot.Problems());
        Assert.Equal(0, serverErrors);
        Assert.True(errors.Count == 0 && handlingFailed == 0, "The Bot failed on hostile input.\n" + bot.Problems());
        Assert.Equal(0, inbound.GetValueOrDefault("Failed"));
        Assert.Equal(0, outbox.GetValueOrDefault("Failed"));
        Assert.Equal(0, refused);
        Assert.Equal(0, unescaped);
        Assert.Equal(0, webErrors);
        Assert.Equal(0, webUnescaped);
        Assert.Equal(0, pageProblems);
        Assert.True(pages > 0, "No case page was opened: the walkers filed no case.");
        Assert.Equal(cases, reporters);
        Assert.True(peak - baseline < MemoryGrowthLimit, $"The working set grew by {WorkingSetSampler.Megabytes(peak - baseline)} after the warm-up.");
    }

    /// <summary>Posts bodies in <see cref="Lanes"/> parallel lanes; a chat's bodies stay in one lane, in order.</summary>
    private static Task PostAsync(Webhook webhook, IReadOnlyList<FuzzBody> bodies, ConcurrentDictionary<int, int> statuses) =>
        Task.WhenAll(bodies.GroupBy(b => b.Chat % Lanes).Select(lane => Task.Run(async () =>
        {
            foreach (var body in lane)
            {
                var status = await webhook.PostRawAsync(body.Body);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        })));

    /// <summary>Waits until no update waits to be handled and no message waits to be sent.</summary>
    private static Task DrainedAsync(ReliabilityDatabase database, Node bot) => Wait.UntilAsync(async () =>
    {
        Assert.True(bot.IsRunning, "The Bot process died.\n" + bot.Problems());
        return await database.ScalarAsync<long>("SELECT (SELECT count(*) FROM inbound_updates WHERE status IN (0, 1)) + (SELECT count(*) FROM outbox_messages WHERE status IN (0, 1))") == 0;
    }, DrainTimeout, "every update handled and every reply sent", every: TimeSpan.FromMilliseconds(500));

    private static (int Sent, int Refused, int Unescaped) CheckTelegramHtml(FakeTelegramServer fake, Figures figures)
    {
        var (sent, refused, unescaped) = (0, 0, 0);
        foreach (var call in fake.Requests.Where(r => r.Method is "sendMessage" or "editMessageText"))
        {
            var html = call.Parameters.TryGetProperty("parse_mode", out var mode) && mode.GetString() == "HTML";
            if (!html)
            {
                continue;
            }

            sent++;
            if (!call.Succeeded)
            {
                refused++;
                if (refused <= 5)
                {
                    figures.Note($"  refused ({call.StatusCode}) to chat {call.ChatId}: {Shorten(call.Parameters.GetProperty("text").GetString())}");
                }
            }

            if (HtmlCheck.Problem(call.Parameters.GetProperty("text").GetString() ?? "", telegramSubset: true) is { } problem)
            {
                unescaped++;
                if (unescaped <= 5)
                {
                    figures.Note($"  unescaped in a reply to chat {call.ChatId}: {problem}");
                }
            }
        }

        return (sent, refused, unescaped);
    }

    /// <summary>Hostile text and button data in the web chat, from several browsers.</summary>
    private static async Task<(int Answers, int Errors, int Unescaped)> WebChatAsync(Node bot, HostileCorpus corpus, Figures figures)
    {
        var (answers, errors, unescaped) = (0, 0, 0);
        for (var s = 0; s < WebChatSessions; s++)
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = bot.Address };
            var session = new WebChatSession(client);
            for (var m = 0; m < WebChatMessages; m++)
            {
                IReadOnlyList<string> replies;
                try
                {
                    replies = m % 3 == 2 ? await session.SendAsync(button: corpus.CallbackData()) : await session.SendAsync(corpus.Text());
                }
                catch (HttpRequestException)
                {
                    errors++;
                    continue;
                }

                answers++;
                errors += (int)session.LastStatus >= 500 ? 1 : 0;
                foreach (var html in replies)
                {
                    if (HtmlCheck.Problem(html, telegramSubset: true) is { } problem)
                    {
                        unescaped++;
                        figures.Note($"  unescaped in a web chat answer: {problem}");
                    }
                }
            }
        }

        return (answers, errors, unescaped);
    }

    /// <summary>The supervisor signs in and opens the queue and every case in it: hostile answers must show as text.</summary>
    private static async Task<(int Pages, int Problems)> PagesAsync(Node bot, FakeTelegramServer fake, Webhook webhook, Figures figures)
    {
        Assert.Equal(200, await webhook.PostAsync(TelegramUpdates.Message(Supervisor, "/login")));
        string? link = null;
        await Wait.UntilAsync(() => (link = Deliveries.Of(fake).To(Supervisor).Select(t => LoginLink().Match(t)).LastOrDefault(m => m.Success)?.Value) is not null,
            TimeSpan.FromSeconds(60), "a sign-in link for the supervisor");
        using var browser = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = bot.Address };
        using (var opened = await browser.GetAsync(new Uri(new Uri(link!).PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        var (pages, problems) = (0, 0);
        async Task<string> OpenAsync(string path)
        {
            using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            pages++;
            if (HtmlCheck.Problem(html, telegramSubset: false) is { } problem)
            {
                problems++;
                figures.Note($"  unescaped on {path}: {problem}");
            }

            return html;
        }

        var queue = await OpenAsync("cases");
        foreach (var code in CaseCode().Matches(queue).Select(m => m.Value).Distinct())
        {
            await OpenAsync($"cases/{code}");
        }

        return (pages, problems);
    }

    private static async Task<Dictionary<string, long>> ByStatusAsync(ReliabilityDatabase database, string table, params string[] names)
    {
        var counts = new Dictionary<string, long>();
        for (var status = 0; status < names.Length; status++)
        {
            var n = await database.ScalarAsync<long>(string.Create(CultureInfo.InvariantCulture, $"SELECT count(*) FROM {table} WHERE status = {status}"));
            if (n > 0)
            {
                counts[names[status]] = n;
            }
        }

        return counts;
    }

    private static string Describe(Dictionary<string, long> counts) => string.Join(", ", counts.Select(c => $"{c.Key} {c.Value:N0}"));

    private static string Shorten(string? text) => text is null ? "" : (text.Length <= 100 ? text : text[..100] + "…").ReplaceLineEndings(" ");

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [GeneratedRegex(@"https?://[^\s<""]+/login/[A-Za-z0-9_-]{43}")]
    private static partial Regex LoginLink();

    [GeneratedRegex(@"TE-\d{4}-\d{6}")]
    private static partial Regex CaseCode();
}
