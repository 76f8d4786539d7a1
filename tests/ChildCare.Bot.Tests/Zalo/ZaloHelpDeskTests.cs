using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.FakeZalo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Zalo;

/// <summary>The help desk on Zalo end to end: signed events from the fake OA in, customer-service messages to it out.</summary>
public sealed class ZaloHelpDeskTests
{
    private const string Parent = "3321115882543943283";

    [Fact]
    public async Task Report_TypedWithoutAccentsWithLocationAndPhoto_GetsTheCodeAndFilesOneCase()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var chat = new ZaloChat(fake, app, client, Parent);

        await chat.SayAsync("bao cao");
        Assert.Contains("ngay lúc này", chat.LastText, StringComparison.Ordinal);
        // Zalo shows plain text: no HTML reaches it.
        Assert.DoesNotContain("<b>", chat.LastText, StringComparison.Ordinal);
        // Two answers: quick actions, a tap comes back as hidden text.
        Assert.Equal(2, chat.Messages[^1].QuickActions.Count());

        foreach (var answer in new[] { "khong", "thanh hoa", "xa cam tan", "thon 3" })
        {
            await chat.SayAsync(answer);
        }

        // The address question asks for a location: no Zalo button does that, so it says how, with "skip" as choice 1.
        Assert.Contains("Vị trí", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("1. Bỏ qua", chat.LastText, StringComparison.Ordinal);
        await chat.SendLocationAsync(19.8012, 105.7767);
        foreach (var answer in new[] { "9", "nam", "bo qua", "bi danh" })
        {
            await chat.SayAsync(answer);
        }

        await chat.SendPhotoAsync("https://photo-stal-1.zadn.vn/test/bruise.jpg");
        Assert.Contains("Đã nhận ảnh (1/5)", chat.LastText, StringComparison.Ordinal);
        foreach (var answer in new[] { "chau bi cha duong danh thuong xuyen, co vet bam", "cha duong", "an danh" })
        {
            await chat.SayAsync(answer);
        }

        Assert.Contains("Xem lại báo cáo", chat.LastText, StringComparison.Ordinal);
        await chat.TapAsync("Gửi báo cáo");
        var code = CaseCode.Format(Core.Time.VietnamTime.Now(TimeProvider.System).Year, 1);
        Assert.Contains("Mã báo cáo: " + code, chat.LastText, StringComparison.Ordinal);

        await using var db = TelegramChannelTests.Db(app);
        var filed = await db.Cases.SingleAsync();
        Assert.Equal(code, filed.Code);
        Assert.Equal("thanh-hoa", filed.ProvinceCode);
        Assert.Equal(CaseCategory.Violence, filed.Category);
        Assert.Equal(SuspectRelation.Parent, filed.Suspect);
        var details = app.Services.GetRequiredService<CaseIntake>().Open(filed);
        Assert.Equal("chau bi cha duong danh thuong xuyen, co vet bam", details.Description);
        Assert.Equal(["https://photo-stal-1.zadn.vn/test/bruise.jpg"], details.PhotoFileIds);
        Assert.NotNull(details.Location);

        // The reporter follows it with /status.
        await chat.SayAsync("/status " + code);
        Assert.Contains("Đã tiếp nhận", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeZaloServer.InvalidParameters, fake.Errors);
    }

    [Theory]
    [InlineData("cuu voi, bo no dang danh chau")]
    [InlineData("Cứu! Có người bắt cóc bé")]
    public async Task EmergencyWords_Answer113And111First_OnZalo(string text)
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var chat = new ZaloChat(fake, app, client, Parent);

        await chat.SayAsync(text);

        var first = chat.Texts[0];
        var police = first.IndexOf("113", StringComparison.Ordinal);
        Assert.InRange(police, 0, first.IndexOf("111", StringComparison.Ordinal));
        Assert.Contains("tỉnh/thành nào", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unfollow_MakesTheChatUnreachable_UntilTheNextMessage()
    {
        await using var fake = await FakeZaloServer.StartAsync();
        await using var app = new ChildCareAppFactory(ZaloTestApp.Settings(fake));
        using var client = app.CreateClient();
        var chat = new ZaloChat(fake, app, client, Parent);
        await chat.SayAsync("xin chao");
        var chatId = await chat.ChatIdAsync();

        using (var response = await fake.DeliverAsync(client, Bot.Zalo.ZaloSettings.DefaultWebhookPath, fake.UnfollowEvent(Parent)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        await TelegramChannelTests.Eventually(async () =>
        {
            await using var db = TelegramChannelTests.Db(app);
            return await db.UnreachableChats.AnyAsync(c => c.Channel == "zalo" && c.ChatId == chatId);
        });

        await chat.SayAsync("xin chao");
        await using var after = TelegramChannelTests.Db(app);
        Assert.False(await after.UnreachableChats.AnyAsync(c => c.Channel == "zalo" && c.ChatId == chatId));
    }
}
