using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Bot.Zalo;
using ChildCare.Core.Messaging;
using ChildCare.FakeZalo;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>One follower of the OA: their events go to the app's webhook signed by the fake; each waits until every reply was sent.</summary>
internal sealed class ZaloChat(FakeZaloServer fake, ChildCareAppFactory app, HttpClient client, string userId)
{
    private int _seen;

    public string UserId => userId;

    public List<FakeZaloMessage> Messages { get; private set; } = [];

    public List<string> Texts => [.. Messages.Select(m => m.Text)];

    public string LastText => string.Join("\n---\n", Texts);

    public Task FollowAsync() => SendAsync(fake.FollowEvent(userId), expectReply: false);

    public Task SayAsync(string text) => SendAsync(fake.TextEvent(userId, text));

    public Task SendLocationAsync(double latitude, double longitude) => SendAsync(fake.LocationEvent(userId, latitude, longitude));

    public Task SendPhotoAsync(string url, string? caption = null) => SendAsync(fake.ImageEvent(userId, url, caption));

    /// <summary>Taps the last quick action whose title contains <paramref name="label"/> (the app gets its payload as text).</summary>
    public Task TapAsync(string label) =>
        SayAsync(fake.MessagesTo(userId).SelectMany(m => m.QuickActions).Last(a => a.Title.Contains(label, StringComparison.Ordinal)).Payload);

    public async Task<long> ChatIdAsync()
    {
        await using var db = TelegramChannelTests.Db(app);
        return await db.ChannelUsers.Where(u => u.Channel == "zalo" && u.ExternalId == userId).Select(u => u.ChatId).SingleAsync();
    }

    /// <summary>Waits for a message the person did not ask for (an alert) containing <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text)
    {
        await TelegramChannelTests.Eventually(() => fake.MessagesTo(userId).Skip(_seen).Any(m => m.Text.Contains(text, StringComparison.Ordinal)));
        Collect();
    }

    private async Task SendAsync(JsonObject zaloEvent, bool expectReply = true)
    {
        using (var response = await fake.DeliverAsync(client, ZaloSettings.DefaultWebhookPath, zaloEvent))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var document = JsonDocument.Parse(zaloEvent.ToJsonString());
        Assert.True(ZaloEvent.TryParse(document.RootElement, out var parsed));
        var updateId = parsed!.UpdateId;
        var chatId = await ChatIdAsync();
        await TelegramChannelTests.Eventually(async () =>
        {
            await using var db = TelegramChannelTests.Db(app);
            var handled = await db.InboundUpdates.AnyAsync(u => u.Channel == "zalo" && u.UpdateId == updateId && u.Status == InboundStatus.Done);
            return handled && !await db.OutboxMessages.AnyAsync(m => m.Channel == "zalo" && m.ChatId == chatId && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Sending));
        });
        Collect();
        if (expectReply)
        {
            Assert.NotEmpty(Messages);
        }
    }

    private void Collect()
    {
        var all = fake.MessagesTo(userId);
        Messages = [.. all.Skip(_seen)];
        _seen = all.Count;
    }
}
