using System.Net;
using ChildCare.Bot.Tests.Conversations;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Cases;

/// <summary>
/// The photos a reporter sent reach the case worker: in Telegram with the case's details, and on the case page
/// through the Bot, to the officials of the case's unit only, each view in the case's record.
/// </summary>
public sealed class CasePhotosTests
{
    private static readonly byte[] First = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];
    private static readonly byte[] Second = [0xFF, 0xD8, 0xFF, 0xE0, 5, 6, 7];

    [Fact]
    public async Task OpenCase_SendsThePhotosByFileIdProtected_WhenTheReportHasPhotos()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await CaseQueueTelegramTests.SetUpUnitsAndOfficialsAsync(client, fake, app);
        await FileAsync(app, "photo-a", "photo-b");
        var lan = new TelegramChat(fake, app, CaseQueueTelegramTests.Lan);
        await lan.WaitForAsync("Vụ việc mới");

        await lan.PressAsync(lan.Button("Xem chi tiết"), "open");

        Assert.Contains("chau o nha mot minh", lan.LastText, StringComparison.Ordinal);
        var album = Assert.Single(fake.CallsTo("sendMediaGroup"), c => c.ChatId == CaseQueueTelegramTests.Lan);
        Assert.True(album.Parameters.GetProperty("protect_content").GetBoolean());
        var media = album.Parameters.GetProperty("media").EnumerateArray().ToList();
        Assert.Equal(["photo-a", "photo-b"], media.Select(m => m.GetProperty("media").GetString()));
        Assert.All(media, m => Assert.Equal("photo", m.GetProperty("type").GetString()));
        Assert.Contains("Ảnh người báo tin gửi kèm báo cáo TE-", media[0].GetProperty("caption").GetString(), StringComparison.Ordinal);
        Assert.Empty(fake.CallsTo("sendPhoto"));
    }

    [Fact]
    public async Task PhotoLink_StreamsThePhotoUncached_ToTheUnitOnly_AndRecordsTheView()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        using var client = app.CreateClient();
        await CaseQueueTelegramTests.SetUpUnitsAndOfficialsAsync(client, fake, app);
        fake.AddFile("photo-a", First);
        fake.AddFile("photo-b", Second);
        var code = await FileAsync(app, "photo-a", "photo-b");
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, CaseQueueTelegramTests.Lan);

        var page = await (await lan.GetAsync(new Uri($"/cases/{code}", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"{code}/photos/2\"", page, StringComparison.Ordinal);
        using var photo = await lan.GetAsync(new Uri($"/cases/{code}/photos/2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal(Second, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        Assert.True(photo.Headers.CacheControl?.NoStore);
        using (var beyond = await lan.GetAsync(new Uri($"/cases/{code}/photos/3", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
        }

        // Another commune's case worker gets the 404 of a case that does not exist, and Telegram is not asked.
        var asked = fake.CallsTo("getFile").Count;
        using var stranger = await Plans.PlanTestApp.SignedInAsync(app, CaseQueueTelegramTests.Stranger);
        using (var refused = await stranger.GetAsync(new Uri($"/cases/{code}/photos/1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        Assert.Equal(asked, fake.CallsTo("getFile").Count);
        await using var db = TelegramChannelTests.Db(app);
        var reads = await db.CaseEvents.Where(e => e.Action == CaseAction.Read).Select(e => new { e.Actor, e.Detail }).ToListAsync();
        var actor = $"official:{await OfficialIdAsync(db, CaseQueueTelegramTests.Lan)}";
        Assert.Single(reads, r => r.Detail == "photo 2" && r.Actor == actor);
        Assert.DoesNotContain(reads, r => r.Detail == "photo 1");
    }

    [Fact]
    public async Task CasePage_SaysThePhotoCannotBeShown_WhenThereIsNoTelegramToken()
    {
        await using var app = new ChildCareAppFactory(new Dictionary<string, string?> { ["Scheduler:InProcess"] = "false", ["Deadlines:LoadDemoData"] = "false" });
        using var client = app.CreateClient();
        await JoinWithoutBotAsync(client, app);

        var code = await FileAsync(app, "photo-a");
        using var lan = await Plans.PlanTestApp.SignedInAsync(app, CaseQueueTelegramTests.Lan);

        var page = await (await lan.GetAsync(new Uri($"/cases/{code}", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("chưa có token bot Telegram", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"{code}/photos/1\"", page, StringComparison.Ordinal);
        using var photo = await lan.GetAsync(new Uri($"/cases/{code}/photos/1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, photo.StatusCode);
        Assert.Contains("chưa có token bot Telegram", await photo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Cẩm Tân and Lan, its case worker, who joined through the desk (there is no bot to join by).</summary>
    private static async Task JoinWithoutBotAsync(HttpClient client, ChildCareAppFactory app)
    {
        await CamTanPlan.ImportAsync(client, "photos-test");
        await CamTanPlan.JoinAsync(client, app.Services, CaseQueueTelegramTests.Lan);
    }

    private static async Task<long> OfficialIdAsync(Core.Persistence.ChildCareDbContext db, long chat) =>
        await db.Officials.Where(o => o.Channel == "telegram" && o.ChatId == chat).Select(o => o.Id).SingleAsync();

    private static async Task<string> FileAsync(ChildCareAppFactory app, params string[] photos)
    {
        var outcome = await app.Services.GetRequiredService<CaseIntake>().FileAsync(new ReportDraft
        {
            Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), DangerNow = false, ProvinceCode = "thanh-hoa", ProvinceAnswered = true,
            Commune = "Cẩm Tân", AgeBand = AgeBand.Under6, ChildSex = ChildSex.Boy, Category = CaseCategory.Neglect,
            Description = "chau o nha mot minh", Suspect = SuspectRelation.Unknown, Anonymous = true, Photos = photos,
        }, "telegram", 1, CancellationToken.None);
        return Assert.IsType<ReportFiled>(outcome).Code;
    }
}
