using System.Diagnostics;
using ChildCare.FakeTelegram;
using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.Faults;

/// <summary>
/// Reporters write reports to the real Bot (polling, PostgreSQL) while it is killed with SIGKILL twice: once in the
/// middle of their conversations, once in the middle of sending the reports (each send tapped twice). It is started
/// again at once each time. Asserted: every reporter resumes where they were and files exactly one case, whose
/// answers are the ones they gave (an answer handled twice would shift them); nothing is lost; duplicate messages
/// no more than were on the wire at the kills.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ConversationKillTests(ITestOutputHelper output)
{
    private const int Reporters = 24;
    private const long FirstChat = 6_100_000_000;
    private const string Commune = "xa cam tan";
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Reports_SurviveKillsMidConversationAndMidSubmission_OneCaseEach_NothingLost()
    {
        using var figures = new Figures(output, "kill-conversation");
        figures.Note($"{Reporters} reporters, {ReportScript.Answers(Commune, "").Count + 1} messages each then send tapped twice; Bot polling on PostgreSQL; SIGKILL mid-conversation and mid-submission, restarted at once");
        await using var database = await ReliabilityDatabase.CreateAsync("killconv");
        // Telegram refuses to answer a tap more than seconds old; a restart takes longer than that.
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None, CallbackQueryLifetime = TimeSpan.FromSeconds(10) });
        await using var bot = Node.Bot("kill-conversation-bot", NodeSettings.Bot(database, fake, "Polling"));
        await bot.StartAsync();
        using (var admin = new HttpClient { BaseAddress = bot.Address })
        {
            await AdminApi.ImportUnitsAsync(admin);
        }

        var chats = Enumerable.Range(0, Reporters).Select(i => FirstChat + i).ToList();
        var steps = chats.Count * (ReportScript.Answers(Commune, "").Count + 1);

        // Kill 1: when about 40% of the conversation steps are answered.
        var conversations = Task.WhenAll(chats.Select((chat, i) => ConverseAsync(fake, chat, i)));
        await Wait.UntilAsync(() => Deliveries.Of(fake).Total >= steps * 2 / 5, ReplyTimeout, "40% of the conversation answered");
        var first = await KillAndRestartAsync(bot, database, fake, figures, "mid-conversation");
        await conversations;

        // Kill 2: half the reporters tap send twice; kill when the first case code has gone out. The other half tap
        // while the bot is down, so there is always work after the restart however fast the first half was handled.
        // A message sent again after the kill also counts as "an answer" in ConverseAsync, so the last review may
        // still be on its way: wait for it (a review that never comes fails here, naming what was awaited).
        await Wait.UntilAsync(() => Deliveries.Of(fake).ChatsWith(chats, ReportScript.ReviewMarker) == Reporters, ReplyTimeout, "every reporter's review");
        void Tap(IEnumerable<long> who)
        {
            foreach (var chat in who)
            {
                fake.EnqueueUpdate(TelegramUpdates.Callback(chat, ReportScript.SendButton, $"send-{chat}-1"));
                fake.EnqueueUpdate(TelegramUpdates.Callback(chat, ReportScript.SendButton, $"send-{chat}-2"));
            }
        }

        Tap(chats.Take(Reporters / 2));
        await Wait.UntilAsync(() => Deliveries.Of(fake).ChatsWith(chats, ReportScript.FiledMarker) > 0, ReplyTimeout, "the first case code");
        var second = await KillAndRestartAsync(bot, database, fake, figures, "mid-submission", whileDown: () => Tap(chats.Skip(Reporters / 2)));
        var filedAt = await Wait.TryUntilAsync(() => Task.FromResult(Deliveries.Of(fake).ChatsWith(chats, ReportScript.FiledMarker) == Reporters), ReplyTimeout);
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late second copy would show now

        var deliveries = Deliveries.Of(fake);
        var codes = chats.Select(c => deliveries.To(c).Select(ReportScript.CodeIn).FirstOrDefault(code => code is not null && deliveries.To(c).Any(t => t.Contains(ReportScript.FiledMarker + code, StringComparison.Ordinal)))).ToList();
        var cases = await database.ScalarAsync<long>("SELECT count(*) FROM cases");
        var reporterKeys = await database.ScalarAsync<long>("SELECT count(DISTINCT reporter_key) FROM cases");
        // The commune as typed is sealed with the details: the answers in the queue's columns tell a shift as well.
        var asAnswered = await database.ScalarAsync<long>(
            "SELECT count(*) FROM cases WHERE category = 'Violence' AND age_band = 'From6To10' AND child_sex = 'Boy' AND suspect = 'Parent' AND anonymous");
        foreach (var row in await database.ListAsync<string>(
            "SELECT code || ': ' || category || ', ' || age_band || ', ' || child_sex || ', ' || suspect || ', anonymous ' || anonymous FROM cases WHERE NOT (category = 'Violence' AND age_band = 'From6To10' AND child_sex = 'Boy' AND suspect = 'Parent' AND anonymous)"))
        {
            figures.Note("  not as answered: " + row);
        }

        var lost = Reporters - codes.Count(c => c is not null);
        var (inFlight, sending) = (first.InFlight + second.InFlight, first.Sending + second.Sending);

        figures.Add("reports filed (cases)", $"{cases}", $"goal {Reporters}: one per reporter");
        figures.Add("reports lost", $"{lost}", "reporters who never got their case code; goal 0");
        figures.Add("reports doubled", $"{cases - reporterKeys}", "a reporter with two cases; goal 0");
        figures.Add("cases whose answers are as given", $"{asAnswered}", "an answer handled twice shifts the next ones");
        figures.Add("messages in flight at the two kills", $"{inFlight}", "updates claimed for handling + messages claimed for sending");
        figures.Add("duplicate messages", $"{deliveries.Duplicates}", $"goal at most the {sending} being sent (replies are keyed: an update handled again adds none)");
        Assert.True(filedAt, $"Not every reporter got a case code: {lost} did not.\n{bot.Problems()}");
        Assert.Equal(0, lost);
        Assert.Equal(Reporters, cases);
        Assert.Equal(cases, reporterKeys);
        Assert.Equal(Reporters, codes.Distinct().Count());
        Assert.Equal(cases, asAnswered);
        Assert.InRange(deliveries.Duplicates, 0, sending);
    }

    /// <summary>One reporter: each message after the bot answered the one before, as a person types.</summary>
    private static async Task ConverseAsync(FakeTelegramServer fake, long chat, int index)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200 * index));
        foreach (var text in new[] { ReportScript.Start }.Concat(ReportScript.Answers(Commune, $"chau {index} bi danh, co vet bam", village: $"thon {index}")))
        {
            var seen = Deliveries.Of(fake).To(chat).Count;
            fake.EnqueueUpdate(TelegramUpdates.Message(chat, text));
            await Wait.UntilAsync(() => Deliveries.Of(fake).To(chat).Count > seen, ReplyTimeout, $"chat {chat}: an answer to '{text}'");
        }
    }

    /// <summary>SIGKILL, count what the dead process had claimed, run <c>whileDown</c> (more updates queued), start it again and time the way back.</summary>
    internal static async Task<(long InFlight, long Sending, TimeSpan ToFirstReply)> KillAndRestartAsync(Node bot, ReliabilityDatabase database, FakeTelegramServer fake, Figures figures, string when, Action? whileDown = null)
    {
        ArgumentNullException.ThrowIfNull(bot);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(figures);
        var clock = Stopwatch.StartNew();
        var delivered = Deliveries.Of(fake).Total;
        bot.Kill();
        var updates = await database.ScalarAsync<long>("SELECT count(*) FROM inbound_updates WHERE status = 1");
        var messages = await database.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE status = 1");
        whileDown?.Invoke();
        await bot.StartAsync();
        var healthy = clock.Elapsed;
        await Wait.UntilAsync(() => Deliveries.Of(fake).Total > delivered, ReplyTimeout, "a message sent after the restart");
        var firstReply = clock.Elapsed;
        figures.Add($"kill -9 {when}: in flight", $"{updates + messages}", $"{updates} updates claimed for handling, {messages} messages claimed for sending");
        figures.Add($"kill -9 {when}: time to recover", $"{firstReply.TotalSeconds:F1} s", $"kill to the first message sent again; healthy again after {healthy.TotalSeconds:F1} s");
        return (updates + messages, messages, firstReply);
    }
}
