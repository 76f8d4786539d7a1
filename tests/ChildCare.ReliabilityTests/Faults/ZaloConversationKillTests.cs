using System.Diagnostics;
using ChildCare.FakeZalo;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Faults;

/// <summary>
/// Followers write reports to the real Bot over Zalo (signed webhook events, PostgreSQL) while it is killed with
/// SIGKILL twice: in the middle of their conversations and in the middle of sending the reports (each send tapped
/// twice). Events posted while the Bot is down are posted again until answered 200, as Zalo does. Asserted: every
/// follower files exactly one case with the answers they gave, nothing is lost, duplicates no more than were on
/// the wire at the kills.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ZaloConversationKillTests(ITestOutputHelper output)
{
    private const int Reporters = 12;
    private const long FirstUser = 6_200_000_000_000_000_000;
    private const string Commune = "xa cam tan";
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ZaloReports_SurviveKillsMidConversationAndMidSubmission_OneCaseEach_NothingLost()
    {
        using var figures = new Figures(output, "kill-zalo-conversation");
        figures.Note($"{Reporters} Zalo followers, {ReportScript.Answers(Commune, "").Count + 1} messages each then send tapped twice; Bot with Zalo on PostgreSQL; SIGKILL mid-conversation and mid-submission, restarted at once");
        await using var database = await ReliabilityDatabase.CreateAsync("killzalo");
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { PerSecond = 10_000 });
        await using var bot = Node.Bot("kill-zalo-bot", NodeSettings.ZaloBot(database, fake));
        await bot.StartAsync();
        using var http = new HttpClient { BaseAddress = bot.Address, Timeout = TimeSpan.FromSeconds(10) };
        await AdminApi.ImportUnitsAsync(http);
        var events = new ZaloEvents(http, fake);
        var users = Enumerable.Range(0, Reporters).Select(i => (FirstUser + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var steps = users.Count * (ReportScript.Answers(Commune, "").Count + 1);

        var conversations = Task.WhenAll(users.Select((user, i) => ConverseAsync(fake, events, user, i)));
        await Wait.UntilAsync(() => fake.Messages.Count >= steps * 2 / 5, ReplyTimeout, "40% of the conversation answered");
        var first = await KillAndRestartAsync(bot, database, fake, figures, "mid-conversation");
        await conversations;

        // A follower moves on at any new message, and a message re-sent after the kill counts as one: the last answer's
        // reply (the review) can still be on its way when the loops end, so it is waited for, not read at once.
        await Wait.UntilAsync(
            () => users.Count(u => fake.MessagesTo(u).Any(m => m.Text.Contains(ReportScript.ReviewMarker, StringComparison.Ordinal))) == Reporters,
            ReplyTimeout, "every follower's review");
        // Kill 2: half the followers tap send twice; kill when the first case code has gone out. The other half tap
        // while the Bot is down, so there is always work after the restart however fast the first half was handled.
        List<Task> Tap(IEnumerable<string> who) => who.SelectMany(u => new[] { u, u }).Select(u => Task.Run(() => events.DeliverAsync(fake.TextEvent(u, "#cc:" + ReportScript.SendButton), ReplyTimeout))).ToList();
        var taps = Tap(users.Take(Reporters / 2));
        await Wait.UntilAsync(() => users.Any(u => Filed(fake, u)), ReplyTimeout, "the first case code");
        var second = await KillAndRestartAsync(bot, database, fake, figures, "mid-submission", whileDown: () => taps.AddRange(Tap(users.Skip(Reporters / 2))));
        await Task.WhenAll(taps);
        var filedAt = await Wait.TryUntilAsync(() => Task.FromResult(users.All(u => Filed(fake, u))), ReplyTimeout);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late second copy would show now

        var cases = await database.ScalarAsync<long>("SELECT count(*) FROM cases");
        var reporterKeys = await database.ScalarAsync<long>("SELECT count(DISTINCT reporter_key) FROM cases");
        var asAnswered = await database.ScalarAsync<long>(
            "SELECT count(*) FROM cases WHERE category = 'Violence' AND age_band = 'From6To10' AND child_sex = 'Boy' AND suspect = 'Parent' AND anonymous");
        var lost = users.Count(u => !Filed(fake, u));
        var duplicates = fake.Messages.GroupBy(m => (m.UserId, m.Text)).Sum(g => g.Count() - 1);
        var (inFlight, sending) = (first.InFlight + second.InFlight, first.Sending + second.Sending);
        figures.Add("reports filed (cases)", $"{cases}", $"goal {Reporters}: one per follower");
        figures.Add("reports lost", $"{lost}", "followers who never got their case code; goal 0");
        figures.Add("reports doubled", $"{cases - reporterKeys}", "goal 0");
        figures.Add("cases whose answers are as given", $"{asAnswered}", "an answer handled twice shifts the next ones");
        figures.Add("messages in flight at the two kills", $"{inFlight}", "updates claimed for handling + messages claimed for sending");
        figures.Add("repeated texts to one follower", $"{duplicates}", $"includes answers that are the same text twice by design (\"already sent\"); sends on the wire at the kills: {sending}");
        figures.Add("Zalo errors answered", $"{string.Join(", ", fake.Errors.GroupBy(e => e).Select(g => $"{g.Key}: {g.Count()}"))}", "goal none");

        Assert.True(filedAt, $"Not every follower got a case code: {lost} did not.\n{bot.Problems()}");
        Assert.Equal(0, lost);
        Assert.Equal(Reporters, cases);
        Assert.Equal(cases, reporterKeys);
        Assert.Equal(cases, asAnswered);
        Assert.Empty(fake.Errors);
    }

    private static bool Filed(FakeZaloServer fake, string user) =>
        fake.MessagesTo(user).Any(m => m.Text.Contains(ReportScript.FiledMarker, StringComparison.Ordinal));

    /// <summary>One follower: each message after the OA answered the one before, as a person types.</summary>
    private static async Task ConverseAsync(FakeZaloServer fake, ZaloEvents events, string user, int index)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200 * index));
        foreach (var text in new[] { ReportScript.Start }.Concat(ReportScript.Answers(Commune, $"chau {index} bi danh, co vet bam", village: $"thon {index}")))
        {
            var seen = fake.MessagesTo(user).Count;
            await events.DeliverAsync(fake.TextEvent(user, text), ReplyTimeout);
            await Wait.UntilAsync(() => fake.MessagesTo(user).Count > seen, ReplyTimeout, $"follower {index}: an answer to '{text}'");
        }
    }

    /// <summary>SIGKILL, count what the dead process had claimed, run <c>whileDown</c> (more events, posted again until answered), start it again and time the way back.</summary>
    private static async Task<(long InFlight, long Sending)> KillAndRestartAsync(Node bot, ReliabilityDatabase database, FakeZaloServer fake, Figures figures, string when, Action? whileDown = null)
    {
        var clock = Stopwatch.StartNew();
        var delivered = fake.Messages.Count;
        bot.Kill();
        var updates = await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE status = 1");
        var messages = await database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 1");
        whileDown?.Invoke();
        await bot.StartAsync();
        await Wait.UntilAsync(() => fake.Messages.Count > delivered, ReplyTimeout, "a message sent after the restart");
        figures.Add($"kill -9 {when}: in flight", $"{updates + messages}", $"{updates} events claimed for handling, {messages} messages claimed for sending");
        figures.Add($"kill -9 {when}: time to recover", $"{clock.Elapsed.TotalSeconds:F1} s", "kill to the first message sent again");
        return (updates + messages, messages);
    }
}
