using System.Net;
using System.Text;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Telegram;

/// <summary>The whole channel, end to end: the Bot app talks to the fake Telegram Bot API over HTTP.</summary>
public sealed class TelegramChannelTests
{
    internal const string Secret = "s3cret_Webhook-token";

    [Fact]
    public async Task Polling_RepliesInTheUsersLanguage_AndPublishesCommands()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.Telegram });
        await using var app = new ChildCareAppFactory(Settings(fake, "Polling"));
        using var client = app.CreateClient();

        fake.EnqueueMessage(1001, "/start");
        fake.EnqueueUpdate(new
        {
            message = new
            {
                message_id = 77,
                date = 1_700_000_000,
                chat = new { id = 1002, type = "private" },
                from = new { id = 1002, is_bot = false, first_name = "Ann", language_code = "en" },
                text = "what can you do",
                some_future_field = new { x = 1 },
            },
        });
        await Eventually(() => fake.CallsTo("sendMessage").Count >= 2);

        var replies = fake.CallsTo("sendMessage").ToDictionary(c => c.ChatId!.Value, c => c.Parameters.GetProperty("text").GetString()!);
        Assert.Contains("Xin chào", replies[1001], StringComparison.Ordinal);
        Assert.Contains("<b>111</b>", replies[1001], StringComparison.Ordinal);
        Assert.Contains("national child protection hotline", replies[1002], StringComparison.Ordinal);
        Assert.NotNull(fake.CommandsFor(""));
        Assert.NotNull(fake.CommandsFor("en"));
        Assert.Contains(fake.CommandsFor("")!.AsArray(), c => c!["command"]!.GetValue<string>() == "hanchot" && c["description"]!.GetValue<string>().StartsWith("Các hạn", StringComparison.Ordinal));
        Assert.Contains(fake.CommandsFor("en")!.AsArray(), c => c!["command"]!.GetValue<string>() == "deadlines" && c["description"]!.GetValue<string>().StartsWith("Upcoming", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret_Webhook-tokem")]
    public async Task Webhook_Returns401AndStoresNothing_WhenSecretIsMissingOrWrong(string? secret)
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake, "Webhook"));
        using var client = app.CreateClient();

        using var response = await PostUpdateAsync(client, """{"update_id":5,"message":{"message_id":1,"date":1,"chat":{"id":9,"type":"private"},"text":"hi"}}""", secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = Db(app);
        Assert.Equal(0, await db.InboundUpdates.CountAsync());
    }

    [Fact]
    public async Task Webhook_HandlesAnUpdateOnce_WhenTelegramSendsItTwice()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake, "Webhook"));
        using var client = app.CreateClient();
        const string update = """{"update_id":900,"message":{"message_id":3,"date":1,"chat":{"id":3003,"type":"private"},"from":{"id":3003,"is_bot":false,"first_name":"B","language_code":"vi"},"text":"/start"}}""";

        using var first = await PostUpdateAsync(client, update, Secret);
        using var second = await PostUpdateAsync(client, update, Secret);
        using var malformed = await PostUpdateAsync(client, "{\"update_id\": tru", Secret);
        using var noId = await PostUpdateAsync(client, """{"message":{}}""", Secret);
        await Eventually(() => fake.CallsTo("sendMessage").Count >= 1);
        await Task.Delay(1000);

        Assert.All(new[] { first, second, malformed, noId }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(fake.CallsTo("sendMessage"));
        Assert.Equal("https://bot.example/telegram/webhook", fake.WebhookUrl);
        await using var db = Db(app);
        var stored = await db.InboundUpdates.SingleAsync();
        Assert.Equal(InboundStatus.Done, stored.Status);
        Assert.Null(stored.Payload);
    }

    [Fact]
    public async Task Channel_StopsWritingToAChat_WhenTheUserBlocksTheBot()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake, "Polling"));
        using var client = app.CreateClient();
        fake.BlockChat(4004);

        fake.EnqueueMessage(4004, "xin chao");

        // The chat is marked when the 403 arrives; the row's own status is written a moment later.
        await Eventually(async () =>
        {
            await using var db = Db(app);
            return await db.UnreachableChats.AnyAsync(c => c.ChatId == 4004)
                && !await db.OutboxMessages.AnyAsync(m => m.ChatId == 4004 && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending));
        });

        await using (var db = Db(app))
        {
            var undelivered = await db.OutboxMessages.Where(m => m.ChatId == 4004).ToListAsync();
            Assert.NotEmpty(undelivered);
            Assert.All(undelivered, m => Assert.Equal(OutboxStatus.Unreachable, m.Status));
        }

        // Unblocking arrives as my_chat_member: the chat is reachable again.
        fake.UnblockChat(4004);
        fake.EnqueueUpdate(new
        {
            my_chat_member = new
            {
                chat = new { id = 4004, type = "private" },
                from = new { id = 4004, is_bot = false, first_name = "C" },
                date = 1_700_000_100,
                old_chat_member = new { status = "kicked", user = new { id = fake.BotId, is_bot = true, first_name = "bot" } },
                new_chat_member = new { status = "member", user = new { id = fake.BotId, is_bot = true, first_name = "bot" } },
            },
        });
        await Eventually(async () =>
        {
            await using var db = Db(app);
            return !await db.UnreachableChats.AnyAsync(c => c.ChatId == 4004);
        });
    }

    internal static Dictionary<string, string?> Settings(FakeTelegramServer fake, string mode) => new()
    {
        ["Telegram:BotToken"] = fake.Token,
        ["Telegram:ApiBaseUrl"] = fake.BaseUrl.AbsoluteUri,
        ["Telegram:Mode"] = mode,
        ["Telegram:WebhookUrl"] = "https://bot.example/telegram/webhook",
        ["Telegram:WebhookSecret"] = Secret,
        ["Telegram:PollTimeoutSeconds"] = "1",
        ["Telegram:RetryBaseDelayMilliseconds"] = "50",
        ["Scheduler:InProcess"] = "false",
        ["Messaging:PollMilliseconds"] = "50",
    };

    private static async Task<HttpResponseMessage> PostUpdateAsync(HttpClient client, string json, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return await client.SendAsync(request);
    }

    internal static ChildCareDbContext Db(ChildCareAppFactory app) =>
        app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    internal static Task Eventually(Func<bool> condition) => Eventually(() => Task.FromResult(condition()));

    internal static async Task Eventually(Func<Task<bool>> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            await Task.Delay(50);
        }
    }
}
