using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Bot.Zalo;
using ChildCare.FakeZalo;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>The webhook stores an event only when Zalo's signature over the raw body holds.</summary>
public sealed class ZaloWebhookTests
{
    private const string User = "3321115882543943283";

    public static TheoryData<string> BadSignatures => new()
    {
        "missing",
        "forged",
        "other secret",
        "body changed",
        "not hex",
        "too short",
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task Webhook_RefusesAndStoresNothing_WhenTheSignatureIsMissingOrWrong(string how)
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var zaloEvent = fake.TextEvent(User, "cuu voi, bo no dang danh chau");
        var body = Encoding.UTF8.GetBytes(zaloEvent.ToJsonString());
        var timestamp = zaloEvent["timestamp"]!.GetValue<string>();
        var good = fake.Sign(body, timestamp);
        var signature = how switch
        {
            "missing" => "",
            "forged" => Convert.ToHexStringLower(new byte[32]),
            "other secret" => FakeZaloServer.Sign(fake.Options.AppId, body, timestamp, "not-the-oa-secret-key"),
            "body changed" => FakeZaloServer.Sign(fake.Options.AppId, Encoding.UTF8.GetBytes(zaloEvent.ToJsonString().Replace("cuu voi", "cuu vui", StringComparison.Ordinal)), timestamp, fake.Options.SecretKey),
            "not hex" => new string('z', 64),
            _ => good[..40],
        };

        using var response = await fake.DeliverAsync(client, ZaloSettings.DefaultWebhookPath, zaloEvent, signature);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(0, await db.InboundUpdates.CountAsync());
        Assert.Equal(0, await db.ChannelUsers.CountAsync());
    }

    [Fact]
    public async Task Webhook_RefusesAnotherApplicationsEvent_EvenSignedWithOurSecret()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var zaloEvent = fake.TextEvent(User, "xin chao");
        zaloEvent["app_id"] = "999";

        using var response = await fake.DeliverAsync(client, ZaloSettings.DefaultWebhookPath, zaloEvent);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(0, await db.InboundUpdates.CountAsync());
    }

    [Fact]
    public async Task Webhook_StoresAGoodEventOnce_WhenZaloSendsItAgain()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var zaloEvent = fake.TextEvent(User, "xin chao");

        for (var i = 0; i < 2; i++)
        {
            using var response = await fake.DeliverAsync(client, ZaloSettings.DefaultWebhookPath, (JsonObject)zaloEvent.DeepClone());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(1, await db.InboundUpdates.CountAsync(u => u.Channel == "zalo"));
        // The Zalo id is kept as text and mapped to a chat id of ours.
        Assert.Equal(User, (await db.ChannelUsers.SingleAsync()).ExternalId);
    }

    [Fact]
    public async Task Webhook_Answers401_WhenZaloIsOff()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake, ("Zalo:Enabled", "false")));
        using var client = app.CreateClient();

        using var response = await fake.DeliverAsync(client, ZaloSettings.DefaultWebhookPath, fake.TextEvent(User, "xin chao"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
