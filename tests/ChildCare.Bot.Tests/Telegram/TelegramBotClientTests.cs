using System.Diagnostics;
using System.Text.Json;
using ChildCare.Bot.Telegram;
using ChildCare.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChildCare.Bot.Tests.Telegram;

/// <summary>
/// Telegram.Bot's client as registered in production (AddTelegramClient) against the fake Bot API, which checks
/// every call against the published spec: what the library sends must be what Telegram accepts.
/// </summary>
public sealed class TelegramBotClientTests : IDisposable
{
    private const long PrivateChat = 1001;

    // A hung test fails after a minute instead of stalling the run.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task GetMe_ReturnsBotUser_WhenTokenIsValid()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();

        var me = await client.GetMe(Token);

        Assert.True(me.IsBot);
        Assert.Equal(fake.BotId, me.Id);
        Assert.Equal("childcare_test_bot", me.Username);
    }

    [Fact]
    public async Task GetMe_ThrowsUnauthorized_WhenTokenIsWrong()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake.BaseUrl.ToString(), "42:wrong-token");
        var client = services.GetRequiredService<ITelegramBotClient>();

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => client.GetMe(Token));

        Assert.True(error.IsUnauthorized());
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task SendMessage_SendsInlineKeyboard_WhenMarkupGiven()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        var keyboard = TelegramKeyboards.ToReplyMarkup(Core.Messaging.Keyboard.Inline(
            [Core.Messaging.KeyboardButton.Callback("Nhận ca", "case:42:accept"), Core.Messaging.KeyboardButton.Callback("Từ chối", "case:42:decline")],
            [Core.Messaging.KeyboardButton.Link("Hướng dẫn", new Uri("https://example.org/guide"))]));

        var sent = await client.SendMessage(
            PrivateChat,
            $"<b>Ca mới</b> {Core.Messaging.MessageHtml.Escape("<Lan & Minh>")}",
            ParseMode.Html,
            new ReplyParameters { MessageId = 7, AllowSendingWithoutReply = true },
            keyboard,
            new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: Token);

        Assert.Equal(PrivateChat, sent.Chat.Id);
        Assert.Equal(ChatType.Private, sent.Chat.Type);
        Assert.Equal("case:42:accept", sent.ReplyMarkup?.InlineKeyboard.First().First().CallbackData);
        var call = Assert.Single(fake.CallsTo("sendMessage"));
        // Telegram.Bot writes "Html"; the Bot API reads parse_mode without regard to case.
        Assert.Equal("HTML", call.Parameters.GetProperty("parse_mode").GetString(), ignoreCase: true);
        Assert.Equal("case:42:decline", call.Parameters.GetProperty("reply_markup").GetProperty("inline_keyboard")[0][1].GetProperty("callback_data").GetString());
        Assert.Equal("https://example.org/guide", call.Parameters.GetProperty("reply_markup").GetProperty("inline_keyboard")[1][0].GetProperty("url").GetString());
        Assert.True(call.Parameters.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
        Assert.False(call.Parameters.TryGetProperty("disable_notification", out _), "unset parameters are left out");
        Assert.Equal(1, fake.CountForChat(PrivateChat));
    }

    [Fact]
    public async Task SendMessage_SendsReplyKeyboards_WhenRequestingLocationOrRemoving()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        var keyboard = TelegramKeyboards.ToReplyMarkup(Core.Messaging.Keyboard.Reply(
            [new Core.Messaging.KeyboardButton("Gửi vị trí", RequestLocation: true), new Core.Messaging.KeyboardButton("Gửi số điện thoại", RequestContact: true)]));

        await client.SendMessage(PrivateChat, "Bạn đang ở đâu?", replyMarkup: keyboard, cancellationToken: Token);
        await client.SendMessage(PrivateChat, "Cảm ơn.", replyMarkup: new ReplyKeyboardRemove(), cancellationToken: Token);

        var calls = fake.CallsTo("sendMessage");
        Assert.Equal(2, calls.Count);
        var buttons = calls[0].Parameters.GetProperty("reply_markup").GetProperty("keyboard")[0];
        Assert.True(buttons[0].GetProperty("request_location").GetBoolean());
        Assert.True(buttons[1].GetProperty("request_contact").GetBoolean());
        Assert.True(calls[0].Parameters.GetProperty("reply_markup").GetProperty("one_time_keyboard").GetBoolean());
        Assert.True(calls[1].Parameters.GetProperty("reply_markup").GetProperty("remove_keyboard").GetBoolean());
    }

    [Fact]
    public async Task SendMessage_ThrowsRetryAfterWithoutRetrying_WhenRateLimited()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.Telegram });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();

        await client.SendMessage(PrivateChat, "một", cancellationToken: Token);
        var error = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(PrivateChat, "hai", cancellationToken: Token));

        // Neither Telegram.Bot (RetryCount 0) nor the pipeline waits it out: the outbox reschedules the message.
        Assert.True(error.IsRateLimited());
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter());
        Assert.Equal(1, fake.TooManyRequestsSent);
        Assert.Equal([200, 429], fake.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task SendMessage_RetriesThenSucceeds_WhenServerFails()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        fake.FailNextCalls(2, 502);

        var sent = await client.SendMessage(PrivateChat, "Xin chào", cancellationToken: Token);

        Assert.Equal(PrivateChat, sent.Chat.Id);
        Assert.Equal([502, 502, 200], fake.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task SendMessage_ThrowsUnreachableWithoutRetry_WhenUserBlockedBot()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        fake.BlockChat(PrivateChat);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(PrivateChat, "Xin chào", cancellationToken: Token));

        Assert.True(error.IsChatUnreachable());
        Assert.Equal(403, error.ErrorCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task SendMessage_ThrowsWithoutRetry_WhenHtmlIsInvalid()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(PrivateChat, "<b>Lan & Minh", ParseMode.Html, cancellationToken: Token));

        Assert.Equal(400, error.ErrorCode);
        Assert.False(error.IsChatUnreachable());
        Assert.Contains("can't parse entities", error.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task SendMessage_DeliversEveryPart_WhenLongTextIsSplit()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        var paragraph = "<b>Đường dây nóng</b> " + Core.Messaging.MessageHtml.Escape("Gọi 111 & báo <ngay>. ") + string.Concat(Enumerable.Repeat("trẻ em được bảo vệ ", 40));
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 30));

        var parts = TelegramText.Split(text);
        foreach (var part in parts)
        {
            await client.SendMessage(PrivateChat, part, ParseMode.Html, cancellationToken: Token);
        }

        Assert.True(parts.Count > 1);
        Assert.Equal(parts.Count, fake.CallsTo("sendMessage").Count);
        Assert.DoesNotContain(fake.Requests, r => r.StatusCode != 200);
    }

    [Fact]
    public async Task GetUpdates_ReturnsEarly_WhenUpdateArrivesDuringLongPoll()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        var clock = Stopwatch.StartNew();

        var poll = client.SendRequest(new TelegramUpdatesRequest { Timeout = 20, AllowedUpdates = TelegramUpdatesRequest.Handled }, Token);
        await Task.Delay(300, Token);
        var id = fake.EnqueueMessage(PrivateChat, "/start");
        var updates = await poll;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(TelegramInbound.TryRead(Assert.Single(updates), out var update));
        Assert.Equal(id, update.Id);
        Assert.Equal("/start", update.Message?.Text);
        var next = await client.SendRequest(new TelegramUpdatesRequest { Offset = id + 1, Timeout = 0 }, Token);
        Assert.Empty(next);
    }

    [Fact]
    public async Task GetUpdates_OutlastsRequestTimeout_WhenLongPollIsLonger()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake, null, ("Telegram:RequestTimeoutSeconds", "1"), ("Telegram:PollTimeoutSeconds", "2"), ("Telegram:MaxRetries", "0"));
        var client = services.GetRequiredService<ITelegramBotClient>();
        var clock = Stopwatch.StartNew();

        var updates = await client.SendRequest(new TelegramUpdatesRequest { Timeout = 2 }, Token);

        Assert.Empty(updates);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"returned after {clock.Elapsed}");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task GetUpdates_KeepsEachUpdateRaw_WhenOneDoesNotRead()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        fake.EnqueueUpdate("""{"update_id": 10, "message": {"message_id": 3, "date": 1, "chat": "broken"}}""");
        fake.EnqueueUpdate("""{"update_id": 11, "message": {"message_id": 3, "date": 1, "chat": {"id": 5, "type": "private", "brand_new": true}, "text": "hi", "effect_id": "x"}}""");

        var updates = await client.SendRequest(new TelegramUpdatesRequest { Limit = 10 }, Token);

        // Telegram.Bot's own GetUpdates would fail the whole batch on the first; read one by one, only it is lost.
        Assert.Equal(2, updates.Length);
        Assert.False(TelegramInbound.TryRead(updates[0], out _));
        Assert.True(TelegramInbound.TryRead(updates[1], out var good));
        Assert.Equal("hi", good.Message?.Text);
        Assert.Contains("brand_new", updates[1].GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebhookInfo_ReflectsWebhook_WhenSetAndDeleted()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();

        await client.SetWebhook(
            "http://127.0.0.1:9/telegram/webhook", maxConnections: 10, allowedUpdates: TelegramUpdatesRequest.Handled, dropPendingUpdates: true, secretToken: "s3cret_-X",
            cancellationToken: Token);
        var set = await client.GetWebhookInfo(Token);
        await client.DeleteWebhook(dropPendingUpdates: false, Token);
        var deleted = await client.GetWebhookInfo(Token);

        Assert.Equal("http://127.0.0.1:9/telegram/webhook", set.Url);
        Assert.Equal(10, set.MaxConnections);
        Assert.Equal(TelegramUpdatesRequest.Handled, set.AllowedUpdates);
        Assert.Equal("", deleted.Url);
    }

    [Fact]
    public async Task SetMyCommands_StoresListPerLanguage_WhenVietnameseAndEnglishSet()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();

        await client.SetMyCommands([new BotCommand("baocao", "Báo cáo một trường hợp")], BotCommandScope.Default(), "vi", Token);
        await client.SetMyCommands([new BotCommand("report", "Report a case")], BotCommandScope.Default(), "en", Token);

        Assert.Equal("baocao", fake.CommandsFor("vi")?[0]?["command"]?.GetValue<string>());
        Assert.Equal("report", fake.CommandsFor("en")?[0]?["command"]?.GetValue<string>());
        Assert.Null(fake.CommandsFor(""));
    }

    [Fact]
    public async Task DownloadFile_ReturnsBytesOrRefusesOverLimit_WhenFileKnown()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        fake.AddFile("photo-1", photo);

        var file = await client.GetFile("photo-1", Token);
        using var bytes = new BoundedBuffer(1024);
        await client.DownloadFile(file.FilePath!, bytes, Token);
        using var tooSmall = new BoundedBuffer(3);
        var error = await Assert.ThrowsAsync<RequestException>(() => client.DownloadFile(file.FilePath!, tooSmall, Token));

        Assert.Equal(photo.Length, file.FileSize);
        Assert.Equal(photo, bytes.ToArray());
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task CallbackFollowUps_Succeed_WhenParametersValid()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<ITelegramBotClient>();

        await client.AnswerCallbackQuery("cq-1", "Đã nhận", cancellationToken: Token);
        await client.SendChatAction(PrivateChat, ChatAction.Typing, cancellationToken: Token);
        var edited = await client.EditMessageText(PrivateChat, 5, "Đã nhận ca", ParseMode.Html, cancellationToken: Token);
        var cleared = await client.EditMessageReplyMarkup(PrivateChat, 5, cancellationToken: Token);

        Assert.Equal(5, edited.Id);
        Assert.Null(cleared.ReplyMarkup);
        Assert.Equal(["answerCallbackQuery", "sendChatAction", "editMessageText", "editMessageReplyMarkup"], fake.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task SendMessage_ThrowsTimeout_WhenServerHangs()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake, null, ("Telegram:RequestTimeoutSeconds", "1"), ("Telegram:MaxRetries", "1"));
        var client = services.GetRequiredService<ITelegramBotClient>();
        fake.HangNextCalls(2);

        var error = await Assert.ThrowsAsync<RequestException>(() => client.SendMessage(PrivateChat, "Xin chào", cancellationToken: Token));

        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.DoesNotContain(fake.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessage_KeepsTokenOutOfExceptionAndLogs_WhenServerFails()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var services = TelegramTestServices.Create(fake, logs, ("Telegram:MaxRetries", "2"));
        var client = services.GetRequiredService<ITelegramBotClient>();
        fake.FailFor(TimeSpan.FromMinutes(5), 500);

        var error = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(PrivateChat, "Xin chào", cancellationToken: Token));

        Assert.Equal(500, error.ErrorCode);
        Assert.Equal(3, fake.Requests.Count);
        Assert.DoesNotContain(fake.Token, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("sendMessage", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(fake.Token, StringComparison.Ordinal) || l.Contains("/bot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendMessage_KeepsTokenOutOfExceptionAndLogs_WhenConnectionRefused()
    {
        // A port that was free a moment ago: connecting to it is refused.
        string baseUrl;
        await using (var gone = await FakeTelegramServer.StartAsync())
        {
            baseUrl = gone.BaseUrl.ToString();
        }

        var logs = new CapturingLoggerProvider();
        await using var services = TelegramTestServices.Create(baseUrl, FakeTelegramOptions.DefaultToken, logs, ("Telegram:MaxRetries", "1"));
        var client = services.GetRequiredService<ITelegramBotClient>();

        var error = await Assert.ThrowsAsync<RequestException>(() => client.SendMessage(PrivateChat, "Xin chào", cancellationToken: Token));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.DoesNotContain(FakeTelegramOptions.DefaultToken, error.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(FakeTelegramOptions.DefaultToken, StringComparison.Ordinal));
    }

    [Fact]
    public void Serialize_LeavesOutUnsetParameters_WhenUpdatesRequested()
    {
        var json = JsonSerializer.Serialize(new TelegramUpdatesRequest { Offset = 5, Timeout = 0, AllowedUpdates = TelegramUpdatesRequest.Handled }, JsonBotAPI.Options);

        Assert.Equal("""{"offset":5,"timeout":0,"allowed_updates":["message","edited_message","callback_query","my_chat_member"]}""", json);
    }

    /// <summary>One information line per Bot API call was noise (an outside tester's finding): a call that went through is debug; a failed attempt stays a warning.</summary>
    [Fact]
    public async Task BotApiCall_LogsNoInformationLine_WhenItGoesThrough()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        using var logs = new CapturingLoggerProvider();
        await using var services = TelegramTestServices.Create(fake, logs);
        var client = services.GetRequiredService<ITelegramBotClient>();

        await client.GetMe(Token);
        fake.FailNextCalls(1, 502);
        await client.GetMe(Token);

        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Information Polly", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Debug Polly", StringComparison.Ordinal) && l.Contains("Execution attempt", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning Polly", StringComparison.Ordinal) && l.Contains("Execution attempt", StringComparison.Ordinal));
    }
}
