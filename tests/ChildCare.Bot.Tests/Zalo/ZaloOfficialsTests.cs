using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Bot.Zalo;
using ChildCare.Core.Conversations;
using ChildCare.Core.Messaging;
using ChildCare.FakeZalo;
using ChildCare.Core.Officials;
using ChildCare.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>Officials on Zalo: join by invite through the OA; case alerts inside the window, ZNS or "not reachable on Zalo now" outside it.</summary>
public sealed class ZaloOfficialsTests
{
    private const string Official = "7001002003004005006";
    private const string Reporter = "8001002003004005006";

    [Fact]
    public async Task Alert_ReachesTheOfficialOnZalo_InsideTheWindow()
    {
        var time = new ShiftedTimeProvider();
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { Time = time });
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake), time: time);
        using var client = app.CreateClient();
        var official = await JoinAsync(fake, app, client);
        time.Advance(TimeSpan.FromDays(6));

        await FileReportAsync(new ZaloChat(fake, app, client, Reporter));

        await official.WaitForAsync("Vụ việc mới");
        Assert.Contains(official.Messages, m => m.QuickActions.Any());
    }

    [Fact]
    public async Task Alert_IsMarkedNotReachableOnZalo_OutsideTheWindow_WithoutATemplate()
    {
        var time = new ShiftedTimeProvider();
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { Time = time });
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake), time: time);
        using var client = app.CreateClient();
        var official = await JoinAsync(fake, app, client);
        var chatId = await official.ChatIdAsync();
        time.Advance(TimeSpan.FromDays(8));

        await FileReportAsync(new ZaloChat(fake, app, client, Reporter));

        await TelegramChannelTests.Eventually(async () =>
        {
            await using var db = TelegramChannelTests.Db(app);
            return await db.UnreachableChats.AnyAsync(c => c.Channel == "zalo" && c.ChatId == chatId && c.Reason == ZaloMessageSender.OutsideWindowReason);
        });
        await using (var db = TelegramChannelTests.Db(app))
        {
            Assert.Equal(OutboxStatus.Unreachable, (await db.OutboxMessages.SingleAsync(m => m.ChatId == chatId && m.Purpose == "case-alert")).Status);
        }

        // The people page says so.
        Assert.Contains("Không liên lạc được qua Zalo lúc này", await UnitsPageAsync(app), StringComparison.Ordinal);

        // Nothing went to the official after the join's answer; the OA did not try past the window.
        Assert.DoesNotContain(fake.MessagesTo(Official), m => m.Text.Contains("Vụ việc mới", StringComparison.Ordinal));
        Assert.DoesNotContain(FakeZaloServer.OutsideWindow, fake.Errors);

        // Writing again opens the window: reachable again.
        await official.SayAsync("/hanchot");
        await using var after = TelegramChannelTests.Db(app);
        Assert.False(await after.UnreachableChats.AnyAsync(c => c.Channel == "zalo" && c.ChatId == chatId));
        Assert.DoesNotContain("Không liên lạc được qua Zalo lúc này", await UnitsPageAsync(app), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_ReachesTheOfficialsWebPushDevice_OutsideTheZaloWindow()
    {
        var time = new ShiftedTimeProvider();
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { Time = time });
        await using var push = await WebPush.FakePushService.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake), time: time);
        using var client = app.CreateClient();
        var official = await JoinAsync(fake, app, client);
        var chatId = await official.ChatIdAsync();
        long officialId;
        await using (var db = TelegramChannelTests.Db(app))
        {
            officialId = (await db.Officials.SingleAsync(o => o.Channel == "zalo" && o.ChatId == chatId)).Id;
        }

        // The official also turned on notifications in their browser (/account); then wrote nothing on Zalo for 8 days.
        await WebPush.WebPushDeliveryTests.AddEndpointAsync(app.Services, officialId, push);
        time.Advance(TimeSpan.FromDays(8));

        await FileReportAsync(new ZaloChat(fake, app, client, Reporter));

        await TelegramChannelTests.Eventually(() => Task.FromResult(!push.Received.IsEmpty));
        Assert.Contains("Vụ việc mới", Assert.Single(push.Received).Payload.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(fake.MessagesTo(Official), m => m.Text.Contains("Vụ việc mới", StringComparison.Ordinal));
    }

    /// <summary>The units page of Cẩm Tân as the first administrator sees it.</summary>
    private static async Task<string> UnitsPageAsync(ChildCareAppFactory app)
    {
        var link = await app.Services.GetRequiredService<OfficialSignIn>().IssueFirstAdministratorLinkAsync(CancellationToken.None)
            ?? await app.Services.GetRequiredService<OfficialSignIn>().IssueLinkAsync(OfficialSignIn.WebChannel, 0, CancellationToken.None);
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var opened = await browser.GetAsync(new Uri("/login/" + link!.Token, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        }

        return await browser.GetStringAsync(new Uri("/units?unit=" + Uri.EscapeDataString("thanh-hoa/cam-tan"), UriKind.Relative));
    }

    [Fact]
    public async Task Alert_GoesAsAZnsTemplate_OutsideTheWindow_WhenOneIsConfigured()
    {
        var time = new ShiftedTimeProvider();
        await using var fake = await FakeZaloServer.StartAsync(new FakeZaloOptions { Time = time });
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake, ("Zalo:ZnsTemplateId", "301234")), time: time);
        using var client = app.CreateClient();
        var official = await JoinAsync(fake, app, client);
        await official.SayAsync("/sdt 0912 345 678");
        Assert.Contains("Đã lưu số điện thoại", official.LastText, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromDays(8));

        await FileReportAsync(new ZaloChat(fake, app, client, Reporter));

        await TelegramChannelTests.Eventually(() => fake.Templates.Count == 1);
        var template = fake.Templates.Single();
        Assert.Equal("84912345678", template.Phone);
        Assert.Equal("301234", template.TemplateId);
        // A template's wording is public: a neutral line, never the case.
        Assert.Contains("ChildCare", template.Data["noi_dung"], StringComparison.Ordinal);
        Assert.DoesNotContain("Cẩm Tân", template.Data["noi_dung"], StringComparison.Ordinal);

        // One template per closed window: a second case reaches nobody on Zalo until the official writes.
        await FileReportAsync(new ZaloChat(fake, app, client, Reporter));
        await using (var db = TelegramChannelTests.Db(app))
        {
            Assert.Equal(2, await db.Cases.CountAsync());
        }

        Assert.Single(fake.Templates);
        await official.SayAsync("/hanchot");
        Assert.DoesNotContain(FakeZaloServer.OutsideWindow, fake.Errors);
    }

    [Fact]
    public async Task OpenCase_PointsToTheCasePageForThePhotos_OnZalo()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var official = await JoinAsync(fake, app, client);
        var filed = await app.Services.GetRequiredService<Core.Cases.CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), DangerNow = false, ProvinceCode = "thanh-hoa", ProvinceAnswered = true,
            Commune = "Cẩm Tân", AgeBand = Core.Cases.AgeBand.Under6, ChildSex = Core.Cases.ChildSex.Boy,
            Category = Core.Cases.CaseCategory.Neglect, Description = "chau o nha mot minh", Suspect = Core.Cases.SuspectRelation.Unknown,
            Anonymous = true, Photos = ["https://photo-stal-1.zadn.vn/test/a.jpg"],
        }, "zalo", 1, CancellationToken.None);
        var code = Assert.IsType<ReportFiled>(filed).Code;
        await official.WaitForAsync("Vụ việc mới");

        await official.TapAsync("Xem chi tiết");

        Assert.Contains("chau o nha mot minh", official.LastText, StringComparison.Ordinal);
        Assert.Contains($"Xem ảnh trên trang vụ việc: /cases/{code}", official.LastText, StringComparison.Ordinal);
        // Never the photo's address in the chat, and no photo message for Zalo.
        Assert.DoesNotContain("zadn.vn", official.LastText, StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.Purpose == MessagePurposes.CasePhotos));
        // The path is the case page: it asks a visitor to sign in, it does not answer "not found".
        using var page = await client.GetAsync(new Uri($"/cases/{code}", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.NotFound, page.StatusCode);
    }

    private static async Task<ZaloChat> JoinAsync(FakeZaloServer fake, ChildCareAppFactory app, HttpClient client)
    {
        var plan = new
        {
            plan = new { code = "zalo-test", titleVi = "Thử Zalo" },
            units = new object[]
            {
                new { code = "thanh-hoa", nameVi = "Tỉnh Thanh Hóa", nameEn = "Thanh Hoa province", kind = "Province" },
                new { code = "thanh-hoa/cam-tan", nameVi = "Xã Cẩm Tân", nameEn = "Cam Tan commune", kind = "Commune", parent = "thanh-hoa" },
            },
            rules = Array.Empty<object>(),
        };
        using (var imported = await client.AdminPostAsJsonAsync("/api/admin/plans", plan))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        using var invite = await client.AdminPostAsJsonAsync("/api/admin/invites", new { unit = "thanh-hoa/cam-tan", role = "ChildProtection" });
        var code = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var official = new ZaloChat(fake, app, client, Official);
        await official.FollowAsync();
        await official.SayAsync("/join " + code);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(1, await db.Officials.CountAsync(o => o.Channel == "zalo"));
        return official;
    }

    private static async Task FileReportAsync(ZaloChat reporter)
    {
        foreach (var answer in new[] { "bao cao", "khong", "thanh hoa", "xa cam tan", "thon 3", "bo qua", "9", "nam", "bo qua", "bi danh", "chau bi danh", "cha duong", "an danh" })
        {
            await reporter.SayAsync(answer);
        }

        await reporter.TapAsync("Gửi báo cáo");
        Assert.Contains("Mã báo cáo", reporter.LastText, StringComparison.Ordinal);
    }
}
