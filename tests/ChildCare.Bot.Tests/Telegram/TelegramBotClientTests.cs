using System.Diagnostics;
using System.Text.Json;
using ChildCare.Bot.Telegram;
using ChildCare.FakeTelegram;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Telegram;

public sealed class TelegramBotClientTests : IDisposable
{
    private const long PrivateChat = 1001;

    // A hung test fails after a minute instead of stalling the run.
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task GetMeAsync_ReturnsBotUser_WhenTokenIsValid()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();

        var me = await client.GetMeAsync(Token);

        Assert.True(me.IsBot);
        Assert.Equal(fake.BotId, me.Id);
        Assert.Equal("childcare_test_bot", me.Username);
    }

    [Fact]
    public async Task GetMeAsync_ThrowsUnauthorized_WhenTokenIsWrong()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake.BaseUrl.ToString(), "42:wrong-token");
        var client = services.GetRequiredService<TelegramBotClient>();

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => client.GetMeAsync(Token));

        Assert.True(error.IsUnauthorized);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task SendMessageAsync_SendsInlineKeyboard_WhenMarkupGiven()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        var keyboard = InlineKeyboardMarkup.Rows(
            [InlineKeyboardButton.Callback("Nhận ca", "case:42:accept"), InlineKeyboardButton.Callback("Từ chối", "case:42:decline")],
            [InlineKeyboardButton.Link("Hướng dẫn", new Uri("https://example.org/guide"))]);

        var sent = await client.SendMessageAsync(
            new SendMessageRequest(PrivateChat, $"<b>Ca mới</b> {ChildCare.Core.Messaging.MessageHtml.Escape("<Lan & Minh>")}", ReplyMarkup: keyboard,
                LinkPreviewOptions: LinkPreviewOptions.Disabled, ReplyParameters: new ReplyParameters(7, AllowSendingWithoutReply: true)),
            Token);

        Assert.Equal(PrivateChat, sent.Chat.Id);
        Assert.True(sent.Chat.IsPrivate);
        Assert.Equal("case:42:accept", sent.ReplyMarkup?.InlineKeyboard[0][0].CallbackData);
        var call = Assert.Single(fake.CallsTo("sendMessage"));
        Assert.Equal("HTML", call.Parameters.GetProperty("parse_mode").GetString());
        Assert.Equal("case:42:decline", call.Parameters.GetProperty("reply_markup").GetProperty("inline_keyboard")[0][1].GetProperty("callback_data").GetString());
        Assert.True(call.Parameters.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
        Assert.False(call.Parameters.TryGetProperty("disable_notification", out _), "null parameters are left out");
        Assert.Equal(1, fake.CountForChat(PrivateChat));
    }

    [Fact]
    public async Task SendMessageAsync_SendsReplyKeyboards_WhenRequestingLocationOrRemoving()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        var keyboard = new ReplyKeyboardMarkup([[KeyboardButton.Location("Gửi vị trí"), KeyboardButton.Contact("Gửi số điện thoại")]], OneTimeKeyboard: true);

        await client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Bạn đang ở đâu?", ReplyMarkup: keyboard), Token);
        await client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Cảm ơn.", ReplyMarkup: new ReplyKeyboardRemove()), Token);

        var calls = fake.CallsTo("sendMessage");
        Assert.Equal(2, calls.Count);
        var button = calls[0].Parameters.GetProperty("reply_markup").GetProperty("keyboard")[0][0];
        Assert.True(button.GetProperty("request_location").GetBoolean());
        Assert.True(calls[0].Parameters.GetProperty("reply_markup").GetProperty("one_time_keyboard").GetBoolean());
        Assert.True(calls[1].Parameters.GetProperty("reply_markup").GetProperty("remove_keyboard").GetBoolean());
    }

    [Fact]
    public async Task SendMessageAsync_WaitsRetryAfterThenSucceeds_WhenRateLimited()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.Telegram });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();

        await client.SendMessageAsync(new SendMessageRequest(PrivateChat, "một"), Token);
        await client.SendMessageAsync(new SendMessageRequest(PrivateChat, "hai"), Token);

        Assert.Equal(1, fake.TooManyRequestsSent);
        var sent = fake.CallsTo("sendMessage");
        Assert.Equal(2, sent.Count);
        var rejected = Assert.Single(fake.Requests, r => r.StatusCode == 429);
        // retry_after was 1 s: the retry came no sooner than that after the 429.
        Assert.True(sent[1].Timestamp - rejected.Timestamp >= TimeSpan.FromSeconds(0.95), $"retried after {sent[1].Timestamp - rejected.Timestamp}");
    }

    [Fact]
    public async Task SendMessageAsync_RetriesThenSucceeds_WhenServerFails()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        fake.FailNextCalls(2, 502);

        var sent = await client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Xin chào"), Token);

        Assert.Equal(PrivateChat, sent.Chat.Id);
        Assert.Equal([502, 502, 200], fake.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task SendMessageAsync_ThrowsBlockedWithoutRetry_WhenUserBlockedBot()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        fake.BlockChat(PrivateChat);

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Xin chào"), Token));

        Assert.True(error.IsBlockedByUser);
        Assert.Equal(403, error.ErrorCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task SendMessageAsync_ThrowsWithoutRetry_WhenHtmlIsInvalid()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => client.SendMessageAsync(new SendMessageRequest(PrivateChat, "<b>Lan & Minh"), Token));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("can't parse entities", error.Description, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task SendMessageAsync_DeliversEveryPart_WhenLongTextIsSplit()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { RateLimits = FakeRateLimits.None });
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        var paragraph = "<b>Đường dây nóng</b> " + ChildCare.Core.Messaging.MessageHtml.Escape("Gọi 111 & báo <ngay>. ") + string.Concat(Enumerable.Repeat("trẻ em được bảo vệ ", 40));
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 30));

        var parts = TelegramText.Split(text);
        foreach (var part in parts)
        {
            await client.SendMessageAsync(new SendMessageRequest(PrivateChat, part), Token);
        }

        Assert.True(parts.Count > 1);
        Assert.Equal(parts.Count, fake.CallsTo("sendMessage").Count);
        Assert.DoesNotContain(fake.Requests, r => r.StatusCode != 200);
    }

    [Fact]
    public async Task GetUpdatesAsync_ReturnsEarly_WhenUpdateArrivesDuringLongPoll()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        var clock = Stopwatch.StartNew();

        var poll = client.GetUpdatesAsync(new GetUpdatesRequest(Timeout: 20), Token);
        await Task.Delay(300, Token);
        var id = fake.EnqueueMessage(PrivateChat, "/start");
        var updates = await poll;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        var update = Assert.Single(updates);
        Assert.Equal(id, update.UpdateId);
        Assert.Equal("/start", update.Message?.Text);
        var next = await client.GetUpdatesAsync(new GetUpdatesRequest(Offset: id + 1, Timeout: 0), Token);
        Assert.Empty(next);
    }

    [Fact]
    public async Task GetUpdatesAsync_OutlastsRequestTimeout_WhenLongPollIsLonger()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake, null, ("Telegram:RequestTimeoutSeconds", "1"), ("Telegram:MaxRetries", "0"));
        var client = services.GetRequiredService<TelegramBotClient>();
        var clock = Stopwatch.StartNew();

        var updates = await client.GetUpdatesAsync(new GetUpdatesRequest(Timeout: 2), Token);

        Assert.Empty(updates);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9), $"returned after {clock.Elapsed}");
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task GetUpdatesAsync_ParsesUpdate_WhenItHasUnknownFieldsAndTypes()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        fake.EnqueueUpdate("""{"update_id": 10, "message_reaction": {"chat": {"id": 1, "type": "private"}, "new_field": [1, 2]}}""");
        fake.EnqueueUpdate("""{"update_id": 11, "message": {"message_id": 3, "date": 1, "chat": {"id": 5, "type": "private", "brand_new": true}, "text": "hi", "effect_id": "x"}}""");

        var updates = await client.GetUpdatesAsync(new GetUpdatesRequest(Limit: 10), Token);

        Assert.Equal([10L, 11L], updates.Select(u => u.UpdateId));
        Assert.Null(updates[0].Message);
        Assert.Equal("hi", updates[1].Message?.Text);
    }

    [Fact]
    public async Task GetWebhookInfoAsync_ReflectsWebhook_WhenSetAndDeleted()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();

        await client.SetWebhookAsync(
            new SetWebhookRequest(new Uri("http://127.0.0.1:9/telegram/webhook"), "s3cret_-X", TelegramUpdateTypes.Handled, DropPendingUpdates: true, MaxConnections: 10),
            Token);
        var set = await client.GetWebhookInfoAsync(Token);
        await client.DeleteWebhookAsync(dropPendingUpdates: false, Token);
        var deleted = await client.GetWebhookInfoAsync(Token);

        Assert.Equal("http://127.0.0.1:9/telegram/webhook", set.Url);
        Assert.Equal(10, set.MaxConnections);
        Assert.Equal(TelegramUpdateTypes.Handled, set.AllowedUpdates);
        Assert.Equal("", deleted.Url);
    }

    [Fact]
    public async Task SetMyCommandsAsync_StoresListPerLanguage_WhenVietnameseAndEnglishSet()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();

        await client.SetMyCommandsAsync(new SetMyCommandsRequest([new BotCommand("baocao", "Báo cáo một trường hợp")], BotCommandScope.Default, "vi"), Token);
        await client.SetMyCommandsAsync(new SetMyCommandsRequest([new BotCommand("report", "Report a case")], BotCommandScope.Default, "en"), Token);

        Assert.Equal("baocao", fake.CommandsFor("vi")?[0]?["command"]?.GetValue<string>());
        Assert.Equal("report", fake.CommandsFor("en")?[0]?["command"]?.GetValue<string>());
        Assert.Null(fake.CommandsFor(""));
    }

    [Fact]
    public async Task DownloadFileAsync_ReturnsBytes_WhenFileKnown()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        fake.AddFile("photo-1", photo);

        var file = await client.GetFileAsync("photo-1", Token);
        var bytes = await client.DownloadFileAsync(file, maxBytes: 1024, Token);

        Assert.Equal(photo.Length, file.FileSize);
        Assert.Equal(photo, bytes);
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.DownloadFileAsync(file, maxBytes: 3, Token));
    }

    [Fact]
    public async Task CallbackFollowUps_Succeed_WhenParametersValid()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake);
        var client = services.GetRequiredService<TelegramBotClient>();

        var answered = await client.AnswerCallbackQueryAsync(new AnswerCallbackQueryRequest("cq-1", "Đã nhận"), Token);
        var typing = await client.SendChatActionAsync(PrivateChat, "typing", Token);
        var edited = await client.EditMessageTextAsync(new EditMessageTextRequest(PrivateChat, 5, "Đã nhận ca"), Token);
        var cleared = await client.EditMessageReplyMarkupAsync(new EditMessageReplyMarkupRequest(PrivateChat, 5), Token);

        Assert.True(answered && typing);
        Assert.Equal(5, edited.MessageId);
        Assert.Null(cleared.ReplyMarkup);
        Assert.Equal(["answerCallbackQuery", "sendChatAction", "editMessageText", "editMessageReplyMarkup"], fake.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task SendMessageAsync_ThrowsTimeout_WhenServerHangs()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var services = TelegramTestServices.Create(fake, null, ("Telegram:RequestTimeoutSeconds", "1"), ("Telegram:MaxRetries", "1"));
        var client = services.GetRequiredService<TelegramBotClient>();
        fake.HangNextCalls(2);

        var error = await Assert.ThrowsAsync<TelegramTransportException>(() => client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Xin chào"), Token));

        Assert.True(error.IsTimeout);
        Assert.DoesNotContain(fake.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendMessageAsync_KeepsTokenOutOfExceptionAndLogs_WhenServerFails()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        var logs = new CapturingLoggerProvider();
        await using var services = TelegramTestServices.Create(fake, logs, ("Telegram:MaxRetries", "2"));
        var client = services.GetRequiredService<TelegramBotClient>();
        fake.FailFor(TimeSpan.FromMinutes(5), 500);

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Xin chào"), Token));

        Assert.Equal(500, error.ErrorCode);
        Assert.Equal(3, fake.Requests.Count);
        Assert.DoesNotContain(fake.Token, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("sendMessage", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(fake.Token, StringComparison.Ordinal) || l.Contains("/bot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendMessageAsync_KeepsTokenOutOfExceptionAndLogs_WhenConnectionRefused()
    {
        // A port that was free a moment ago: connecting to it is refused.
        string baseUrl;
        await using (var gone = await FakeTelegramServer.StartAsync())
        {
            baseUrl = gone.BaseUrl.ToString();
        }

        var logs = new CapturingLoggerProvider();
        await using var services = TelegramTestServices.Create(baseUrl, FakeTelegramOptions.DefaultToken, logs, ("Telegram:MaxRetries", "1"));
        var client = services.GetRequiredService<TelegramBotClient>();

        var error = await Assert.ThrowsAsync<TelegramTransportException>(() => client.SendMessageAsync(new SendMessageRequest(PrivateChat, "Xin chào"), Token));

        Assert.False(error.IsTimeout);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.DoesNotContain(FakeTelegramOptions.DefaultToken, error.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(FakeTelegramOptions.DefaultToken, StringComparison.Ordinal));
    }

    [Fact]
    public void Serialize_LeavesOutNulls_WhenOptionalParametersUnset()
    {
        var json = JsonSerializer.Serialize(new SendMessageRequest(5, "x", ParseMode: null), TelegramJson.Options);

        Assert.Equal("""{"chat_id":5,"text":"x"}""", json);
    }
}
