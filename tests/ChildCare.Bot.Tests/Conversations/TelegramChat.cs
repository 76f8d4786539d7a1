using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Messaging;
using ChildCare.FakeTelegram;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.Conversations;

/// <summary>One private chat with the bot: says something, waits until every reply has been sent.</summary>
internal sealed class TelegramChat(FakeTelegramServer fake, ChildCareAppFactory app, long chatId, string language = "vi")
{
    private int _seen;
    private static long _nextMessageId = 1000;

    public List<string> Texts { get; private set; } = [];

    public List<JsonElement> Calls { get; private set; } = [];

    public string LastText => string.Join("\n---\n", Texts);

    public IEnumerable<string> ButtonTexts => Calls.SelectMany(ButtonsOf).Select(b => b.Text);

    public string Button(string label) => Calls.SelectMany(ButtonsOf).First(b => b.Text.Contains(label, StringComparison.Ordinal)).Data;

    public Task SayAsync(string text) => SendAsync(fake.EnqueueUpdate(new
    {
        message = new
        {
            message_id = Interlocked.Increment(ref _nextMessageId),
            date = 1_700_000_000,
            chat = new { id = chatId, type = "private", first_name = "Phu huynh" },
            from = new { id = chatId, is_bot = false, first_name = "Phu huynh", language_code = language },
            text,
        },
    }));

    /// <summary>Sends a file as a document (give its content to the fake with AddFile first).</summary>
    public Task SendDocumentAsync(string fileId, string fileName, string mimeType, long size) => SendAsync(fake.EnqueueUpdate(new
    {
        message = new
        {
            message_id = Interlocked.Increment(ref _nextMessageId),
            date = 1_700_000_000,
            chat = new { id = chatId, type = "private", first_name = "Phu huynh" },
            from = new { id = chatId, is_bot = false, first_name = "Phu huynh", language_code = language },
            document = new { file_id = fileId, file_unique_id = "u" + fileId, file_name = fileName, mime_type = mimeType, file_size = size },
        },
    }));

    public Task PressAsync(string data, string callbackId) => SendAsync(fake.EnqueueUpdate(new
    {
        callback_query = new
        {
            id = callbackId,
            from = new { id = chatId, is_bot = false, first_name = "Phu huynh", language_code = language },
            message = new { message_id = 1, date = 1_700_000_000, chat = new { id = chatId, type = "private" }, text = "x" },
            chat_instance = "ci",
            data,
        },
    }));

    /// <summary>Waits for a message the chat did not ask for (an alert) that contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text)
    {
        await TelegramChannelTests.Eventually(() => Sent().Skip(_seen).Any(c => c.GetProperty("text").GetString()!.Contains(text, StringComparison.Ordinal)));
        var calls = Sent();
        Calls = calls[_seen..];
        Texts = [.. Calls.Select(c => c.GetProperty("text").GetString()!)];
        _seen = calls.Count;
    }

    private List<JsonElement> Sent() => [.. fake.CallsTo("sendMessage").Where(c => c.ChatId == chatId).Select(c => c.Parameters)];

    private async Task SendAsync(long updateId)
    {
        // Handled, and everything it queued for this chat sent.
        await TelegramChannelTests.Eventually(async () =>
        {
            await using var db = TelegramChannelTests.Db(app);
            var handled = await db.InboundUpdates.AnyAsync(u => u.UpdateId == updateId && u.Status == InboundStatus.Done);
            return handled && !await db.OutboxMessages.AnyAsync(m => m.ChatId == chatId && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending));
        });
        var calls = fake.CallsTo("sendMessage").Where(c => c.ChatId == chatId).Select(c => c.Parameters).ToList();
        Calls = calls[_seen..];
        Texts = [.. Calls.Select(c => c.GetProperty("text").GetString()!)];
        _seen = calls.Count;
    }

    private static IEnumerable<(string Text, string Data)> ButtonsOf(JsonElement call) =>
        call.TryGetProperty("reply_markup", out var markup) && markup.TryGetProperty("inline_keyboard", out var rows)
            ? rows.EnumerateArray().SelectMany(r => r.EnumerateArray())
                .Where(b => b.TryGetProperty("callback_data", out _))
                .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("callback_data").GetString()!))
            : [];
}
