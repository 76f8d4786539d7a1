using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ChildCare.Bot.Tests.Plans;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.WebPush;

/// <summary>
/// Alerts and reminders to an official's browser by Web Push, against a fake push service that checks the
/// encryption and VAPID headers and decrypts what it got: the official joined on the web (no Telegram at all).
/// </summary>
public sealed class WebPushDeliveryTests : IAsyncDisposable
{
    private readonly ChildCareAppFactory _app = new(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false", ["Messaging:PollMilliseconds"] = "50" });

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Push_DeliversTheTextAndButtonsEncryptedAndSigned_WhenAWebOfficialHasSubscribed()
    {
        await using var push = await FakePushService.StartAsync();
        var (official, _) = await WebOfficialWithEndpointAsync(push);

        await _app.Services.GetRequiredService<IOutbox>().EnqueueAsync(
            [Alert(official, "<b>Vụ việc mới</b> TE-2026-000001 &amp; cần nhận", "case-alert-1")], CancellationToken.None);
        try
        {
            await UntilAsync(() => !push.Received.IsEmpty || !push.Refused.IsEmpty);
        }
        catch (Xunit.Sdk.TrueException)
        {
            await using var db = await Contexts().CreateDbContextAsync();
            var rows = await db.OutboxMessages.AsNoTracking().Select(m => m.Channel + "/" + m.ChatId + "/" + m.Status + "/" + m.LastError + "/" + m.Attempts).ToListAsync();
            Assert.Fail(string.Join(" | ", rows));
        }

        Assert.Empty(push.Refused);
        var (key, urgency, payload) = Assert.Single(push.Received);
        Assert.Equal(_app.Services.GetRequiredService<Bot.WebPush.VapidKeys>().PublicKey, key);
        Assert.Equal("high", urgency);
        Assert.Equal("Vụ việc mới TE-2026-000001 & cần nhận", payload.GetProperty("body").GetString());
        var actions = payload.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("title").GetString(), a.GetProperty("action").GetString())).ToList();
        Assert.Equal([("Đã xong", "dl:done:7"), ("Nhắc lại", "dl:snz:7")], actions);
    }

    [Fact]
    public async Task Push_CarriesAZaloOfficialsAlert_WhenZaloCannotDeliverIt()
    {
        await using var push = await FakePushService.StartAsync();
        var (official, _) = await WebOfficialWithEndpointAsync(push);
        await using (var db = await Contexts().CreateDbContextAsync())
        {
            // The same person on Zalo: this app has no Zalo sender, as when their window is closed and no template is set.
            await db.Officials.Where(o => o.Id == official.Id).ExecuteUpdateAsync(o => o.SetProperty(x => x.Channel, OutboxMessage.ZaloChannel).SetProperty(x => x.ChatId, 4_242_424_242));
            official = await db.Officials.AsNoTracking().SingleAsync(o => o.Id == official.Id);
        }

        await _app.Services.GetRequiredService<IOutbox>().EnqueueAsync([Alert(official, "Vụ việc mới TE-2026-000002", "case-alert-2")], CancellationToken.None);
        await UntilAsync(() => !push.Received.IsEmpty || !push.Refused.IsEmpty);

        Assert.Empty(push.Refused);
        Assert.Equal("Vụ việc mới TE-2026-000002", Assert.Single(push.Received).Payload.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Push_ForgetsTheEndpoint_WhenThePushServiceAnswersGone()
    {
        await using var push = await FakePushService.StartAsync();
        push.StatusToAnswer = Microsoft.AspNetCore.Http.StatusCodes.Status410Gone;
        var (official, endpoint) = await WebOfficialWithEndpointAsync(push);

        await _app.Services.GetRequiredService<IOutbox>().EnqueueAsync([Alert(official, "x", "gone-1")], CancellationToken.None);
        await UntilAsync(async () =>
        {
            await using var db = await Contexts().CreateDbContextAsync();
            return !await db.DeliveryEndpoints.AnyAsync(e => e.Id == endpoint);
        });

        Assert.Empty(push.Refused);
    }

    [Fact]
    public async Task Action_Answers404_WhenTheSecretIsNotTheEndpoints()
    {
        await using var push = await FakePushService.StartAsync();
        var (_, endpoint) = await WebOfficialWithEndpointAsync(push);
        using var client = _app.CreateClient();

        using var answer = await client.PostAsJsonAsync("/push/action", new { endpoint, secret = RandomToken.New(), action = "dl:done:1" });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task Action_ActsAsTheOfficial_WhenTheSecretComesFromTheirNotification()
    {
        await using var push = await FakePushService.StartAsync();
        var (official, endpoint) = await WebOfficialWithEndpointAsync(push);
        await _app.Services.GetRequiredService<IOutbox>().EnqueueAsync([Alert(official, "nhắc việc", "secret-1")], CancellationToken.None);
        await UntilAsync(() => !push.Received.IsEmpty);
        var secret = push.Received.Single().Payload.GetProperty("secret").GetString();
        using var client = _app.CreateClient();

        // No such deadline: the desk answers as it does in Telegram ("not found"), and that answer is pushed back.
        using var answer = await client.PostAsJsonAsync("/push/action", new { endpoint, secret, action = "dl:done:999999" });
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        await UntilAsync(() => push.Received.Count >= 2);

        Assert.Equal(2, push.Received.Count);
    }

    [Fact]
    public async Task Action_IsRefused_WhenNoFeatureOwnsTheButton()
    {
        await using var push = await FakePushService.StartAsync();
        var (official, endpoint) = await WebOfficialWithEndpointAsync(push);
        await _app.Services.GetRequiredService<IOutbox>().EnqueueAsync([Alert(official, "nhắc việc", "secret-2")], CancellationToken.None);
        await UntilAsync(() => !push.Received.IsEmpty);
        var secret = push.Received.Single().Payload.GetProperty("secret").GetString();
        using var client = _app.CreateClient();

        // Not a reminder's or a case's button: refused, and the help desk is not asked (nothing is pushed back).
        using var answer = await client.PostAsJsonAsync("/push/action", new { endpoint, secret, action = "hello" });
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Single(push.Received);
    }

    private static OutboundMessage Alert(Official official, string text, string key) => new(
        official.ChatId,
        text,
        MessagePriority.Urgent,
        "case-alert",
        Keyboard.Inline([KeyboardButton.Callback("Đã xong", "dl:done:7"), KeyboardButton.Callback("Nhắc lại", "dl:snz:7")], [KeyboardButton.Callback("Chi tiết", "dl:info:7")]),
        DedupKey: key,
        Channel: official.Channel);

    private async Task<(Official Official, long Endpoint)> WebOfficialWithEndpointAsync(FakePushService push)
    {
        await PlanTestApp.ImportUnitsAsync(_app);
        using var client = _app.CreateClient();
        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = PlanTestApp.Commune, role = "ChildProtection" });
        var code = (await invite.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString()!;
        var id = (await _app.Services.GetRequiredService<WebJoin>().JoinAsync(code, "Lan", Language.Vi, CancellationToken.None))!.Value;
        var endpoint = await AddEndpointAsync(_app.Services, id, push);
        await using var db = await Contexts().CreateDbContextAsync();
        return (await db.Officials.AsNoTracking().SingleAsync(o => o.Id == id), endpoint);
    }

    /// <summary>Subscribes <paramref name="officialId"/>'s browser at the fake push service, as /account/push does; the endpoint's id.</summary>
    internal static async Task<long> AddEndpointAsync(IServiceProvider services, long officialId, FakePushService push)
    {
        var sealer = services.GetRequiredService<Sealer>();
        var address = push.Endpoint.AbsoluteUri;
        var secret = RandomToken.New();
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
        var endpoint = new DeliveryEndpoint
        {
            OfficialId = officialId,
            Kind = DeliveryEndpoint.WebPushKind,
            Address = address,
            SealedKeys = sealer.Seal(push.P256dh + " " + push.Auth, DeliveryEndpoint.SealContext(address)),
            ActionSecretHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))),
            SealedActionSecret = sealer.Seal(secret, DeliveryEndpoint.SealContext(address)),
        };
        db.DeliveryEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return endpoint.Id;
    }

    private IDbContextFactory<ChildCareDbContext> Contexts() => _app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>();

    private static Task UntilAsync(Func<bool> condition) => UntilAsync(() => Task.FromResult(condition()));

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "not within 30 s");
            await Task.Delay(50);
        }
    }
}
