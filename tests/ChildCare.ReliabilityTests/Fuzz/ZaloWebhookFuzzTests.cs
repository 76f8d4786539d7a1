using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChildCare.FakeZalo;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Fuzz;

/// <summary>
/// The real Bot with Zalo on (PostgreSQL) takes generated hostile Zalo events (seeded: CHILDCARE_FUZZ_SEED and
/// CHILDCARE_ZALO_FUZZ_EVENTS reproduce or enlarge a run): hostile texts, taps, images, locations, odd event names,
/// huge or missing ids, broken JSON, each posted signed and a copy of it forged or unsigned. Asserted: no 5xx and no
/// unanswered post, every forged or unsigned post refused (401) and nothing of it stored, every signed event stored
/// once and handled (none given up), every reply accepted by the fake OA (plain text within its length, valid quick
/// actions), the process alive and logging no error.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ZaloWebhookFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20_261_206;
    private const int DefaultEvents = 3_000;
    private const int Users = 200;
    private const int Lanes = 8;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ZaloWebhook_TakesHostileEvents_RefusesEveryForgedOne_AndAnswersEverySignedOne()
    {
        var seed = FromEnvironment("CHILDCARE_FUZZ_SEED", DefaultSeed);
        var count = Math.Max(200, FromEnvironment("CHILDCARE_ZALO_FUZZ_EVENTS", DefaultEvents));
        using var figures = new Figures(output, "zalo-webhook-fuzz");
        figures.Note($"seed {seed}; {count:N0} signed Zalo events from {Users} followers in {Lanes} lanes, each followed by a forged or unsigned copy");
        await using var database = await ReliabilityDatabase.CreateAsync("zalofuzz");
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { PerSecond = 100_000 });
        await using var bot = Node.Bot("zalo-fuzz-bot", NodeSettings.ZaloBot(database, fake));
        await bot.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Lanes * 2 }) { BaseAddress = bot.Address, Timeout = TimeSpan.FromSeconds(60) };
        await AdminApi.ImportUnitsAsync(http);
        var events = new ZaloEvents(http, fake);
        var random = new Random(seed);
        var corpus = new HostileCorpus(seed);
        var bodies = Enumerable.Range(0, count).Select(_ => Generate(fake, corpus, random)).ToList();

        var signedStatuses = new ConcurrentDictionary<int, int>();
        var forgedStatuses = new ConcurrentDictionary<int, int>();
        await Task.WhenAll(bodies.GroupBy(b => b.User % Lanes).Select(lane => Task.Run(async () =>
        {
            foreach (var (_, body, timestamp, forgery) in lane)
            {
                var forged = await events.PostAsync(body, forgery switch
                {
                    0 => null,
                    1 => Convert.ToHexStringLower(new byte[32]),
                    _ => FakeZaloServer.Sign(fake.Options.AppId, body, timestamp, "wrong-secret-key"),
                });
                forgedStatuses.AddOrUpdate(forged, 1, (_, n) => n + 1);
                var signed = await events.PostAsync(body, fake.Sign(body, timestamp));
                signedStatuses.AddOrUpdate(signed, 1, (_, n) => n + 1);
            }
        })));

        await Wait.UntilAsync(async () =>
        {
            Assert.True(bot.IsRunning, "The Bot process died.\n" + bot.Problems());
            return await database.ScalarAsync<long>("SELECT (SELECT count(*) FROM inbound_updates WHERE status IN (0, 1)) + (SELECT count(*) FROM outbox_messages WHERE status IN (0, 1))") == 0;
        }, DrainTimeout, "every event handled and every reply sent", every: TimeSpan.FromMilliseconds(500));

        var stored = await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE channel = 'zalo'");
        var given = await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE channel = 'zalo' AND status = 3");
        var failedOut = await database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE channel = 'zalo' AND status = 3");
        var serverErrors = signedStatuses.Concat(forgedStatuses).Where(s => s.Key is 0 or >= 500).Sum(s => s.Value);
        var forgedAccepted = forgedStatuses.Where(s => s.Key != 401).Sum(s => s.Value);
        var lines = bot.Log.Split('\n');
        var errors = lines.Where(l => (l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)) && !l.Contains(" Microsoft.EntityFrameworkCore.", StringComparison.Ordinal)).ToList();
        figures.Add("signed events: answers", $"{string.Join(", ", signedStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"))}", "200 stored (or a skipped malformed one), 401 stale or not an event");
        figures.Add("forged or unsigned copies: answers", $"{string.Join(", ", forgedStatuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"))}", "goal all 401");
        figures.Add("5xx or no answer", $"{serverErrors}", "goal 0");
        figures.Add("events stored", $"{stored:N0}", "signed and well formed ones; a copy sent again is stored once");
        figures.Add("events given up", $"{given}", "goal 0");
        figures.Add("replies accepted by the fake OA", $"{fake.Messages.Count:N0}", $"refused: {failedOut} (errors {string.Join(", ", fake.Errors.GroupBy(e => e).Select(g => $"{g.Key}: {g.Count()}"))}); goal 0");
        figures.Add("Bot errors logged", $"{errors.Count}", "goal 0");
        foreach (var line in errors.Take(10))
        {
            figures.Note("  " + (line.Length > 400 ? line[..400] : line));
        }

        Assert.True(bot.IsRunning, "The Bot process died.\n" + bot.Problems());
        Assert.Equal(0, serverErrors);
        Assert.Equal(0, forgedAccepted);
        Assert.Equal(0, given);
        Assert.Equal(0, failedOut);
        Assert.DoesNotContain(FakeZaloServer.InvalidParameters, fake.Errors);
        Assert.True(fake.Messages.Count > 0, "No reply reached the fake OA.");
        Assert.True(errors.Count == 0, "The Bot failed on hostile input.\n" + bot.Problems());
    }

    private static (long User, byte[] Body, string Timestamp, int Forgery) Generate(FakeZaloServer fake, HostileCorpus corpus, Random random)
    {
        var user = random.NextInt64(Users);
        var id = (6_300_000_000_000_000_000 + user).ToString(CultureInfo.InvariantCulture);
        var zaloEvent = random.Next(100) switch
        {
            < 45 => fake.TextEvent(id, corpus.Text()),
            < 55 => fake.TextEvent(id, "#cc:" + corpus.CallbackData()),
            < 60 => fake.TextEvent(id, random.Next(1, 12).ToString(CultureInfo.InvariantCulture)),
            < 66 => fake.ImageEvent(id, random.Next(3) == 0 ? "javascript:alert(1)" : "https://photo.zadn.vn/" + Uri.EscapeDataString(Short(corpus.Text())), random.Next(2) == 0 ? corpus.Text() : null),
            < 72 => fake.LocationEvent(id, random.NextDouble() * 400 - 200, random.NextDouble() * 400 - 200),
            < 76 => fake.FollowEvent(id),
            < 79 => fake.UnfollowEvent(id),
            < 86 => Odd(fake.TextEvent(id, corpus.Text()), random),
            _ => fake.TextEvent(id, corpus.Text()),
        };
        var timestamp = zaloEvent["timestamp"]!.GetValue<string>();
        var body = Encoding.UTF8.GetBytes(zaloEvent.ToJsonString());
        if (random.Next(30) == 0)
        {
            // Broken JSON, signed all the same.
            body = body[..(body.Length / 2)];
        }

        return (user, body, timestamp, random.Next(3));
    }

    /// <summary>An event with something odd: an unknown name, a numeric or huge sender id, a missing message, attachments of the wrong shape.</summary>
    private static JsonObject Odd(JsonObject zaloEvent, Random random)
    {
        switch (random.Next(6))
        {
            case 0:
                zaloEvent["event_name"] = "user_send_" + random.Next(1000).ToString(CultureInfo.InvariantCulture);
                break;
            case 1:
                zaloEvent["sender"] = new JsonObject { ["id"] = "99999999999999999999999999999999" };
                break;
            case 2:
                zaloEvent["sender"] = new JsonObject { ["id"] = "<b>FZ</b>" };
                break;
            case 3:
                zaloEvent.Remove("message");
                break;
            case 4:
                zaloEvent["message"]!["attachments"] = new JsonArray(new JsonObject { ["type"] = "location", ["payload"] = new JsonObject { ["coordinates"] = "x" } }, JsonValue.Create(3));
                break;
            default:
                zaloEvent["event_name"] = "oa_send_text";
                break;
        }

        return zaloEvent;
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40];

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
