using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Cases;
using ChildCare.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Conversations;

/// <summary>The help desk end to end: updates from the fake Telegram API in, messages to it out.</summary>
public sealed class HelpDeskTelegramTests
{
    private const long Parent = 7001;

    [Fact]
    public async Task Report_TypedWithoutAccents_CreatesExactlyOneCase_EvenWhenSendIsTappedTwice()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake));
        using var client = app.CreateClient();
        var chat = new TelegramChat(fake, app, Parent);

        await chat.SayAsync("bao cao");
        Assert.Contains("ngay lúc này", chat.LastText, StringComparison.Ordinal);
        foreach (var answer in new[] { "khong", "thanh hoa", "xa cam tan", "thon 3", "bo qua", "9", "nam", "bo qua", "bi danh", "chau bi cha duong danh thuong xuyen, co vet bam", "cha duong", "an danh" })
        {
            await chat.SayAsync(answer);
        }

        Assert.Contains("Xem lại báo cáo", chat.LastText, StringComparison.Ordinal);
        var send = chat.Button("Gửi báo cáo");
        await chat.PressAsync(send, "cb-send-1");
        var code = CaseCode.Format(Core.Time.VietnamTime.Now(TimeProvider.System).Year, 1);
        Assert.Contains("Mã báo cáo: " + code, chat.LastText, StringComparison.Ordinal);

        await chat.PressAsync(send, "cb-send-2");
        Assert.Contains("đã được gửi rồi", chat.LastText, StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        var filed = await db.Cases.SingleAsync();
        Assert.Equal(code, filed.Code);
        Assert.Equal("thanh-hoa", filed.ProvinceCode);
        Assert.Null(filed.LegacyCommune);
        Assert.Equal(CaseCategory.Violence, filed.Category);
        Assert.Equal(AgeBand.From6To10, filed.AgeBand);
        Assert.Equal(SuspectRelation.Parent, filed.Suspect);
        Assert.True(filed.Anonymous);
        Assert.Equal(CaseStage.Received, filed.Stage);

        // What the reporter wrote is sealed, not stored as text.
        Assert.DoesNotContain("vet bam", System.Text.Encoding.UTF8.GetString(filed.SealedDetails), StringComparison.Ordinal);
        var details = app.Services.GetRequiredService<CaseIntake>().Open(filed);
        Assert.Equal("chau bi cha duong danh thuong xuyen, co vet bam", details.Description);
        Assert.Equal("xa cam tan", details.Commune);
        Assert.Null(details.ReporterChatId);

        // The reporter follows it; another chat cannot.
        await chat.SayAsync("/status " + code);
        Assert.Contains("Đã tiếp nhận", chat.LastText, StringComparison.Ordinal);
        var stranger = new TelegramChat(fake, app, Parent + 1);
        await stranger.SayAsync("/status " + code);
        Assert.Contains("Không tìm thấy", stranger.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("Đã tiếp nhận", stranger.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_InterruptedByARestart_ResumesAtTheSameQuestion()
    {
        var file = ChildCareAppFactory.NewSqliteFile();
        try
        {
            await using var fake = await FakeTelegramServer.StartAsync();
            await using (var first = new ChildCareAppFactory(Settings(fake), file))
            {
                using var client = first.CreateClient();
                var chat = new TelegramChat(fake, first, Parent);
                await chat.SayAsync("/start report");
                await chat.SayAsync("khong");
                await chat.SayAsync("quang ninh");
                Assert.Contains("xã/phường", chat.LastText, StringComparison.Ordinal);
            }

            await using var second = new ChildCareAppFactory(Settings(fake), file);
            using var again = second.CreateClient();
            var resumed = new TelegramChat(fake, second, Parent);
            await resumed.SayAsync("phuong cam dong");

            Assert.Contains("Thôn, xóm", resumed.LastText, StringComparison.Ordinal);
            await resumed.SayAsync("/menu");
            Assert.Contains("Tiếp tục báo cáo", string.Join(" ", resumed.ButtonTexts), StringComparison.Ordinal);
        }
        finally
        {
            ChildCareAppFactory.DeleteFiles(file);
        }
    }

    [Theory]
    [InlineData("cuu voi, bo no dang danh chau")]
    [InlineData("Cứu! Có người bắt cóc bé")]
    public async Task EmergencyWords_Answer113And111First_ThenAskWhere(string text)
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake));
        using var client = app.CreateClient();
        var chat = new TelegramChat(fake, app, Parent);

        await chat.SayAsync(text);

        var first = chat.Texts[0];
        var police = first.IndexOf("113", StringComparison.Ordinal);
        Assert.InRange(police, 0, first.IndexOf("111", StringComparison.Ordinal));

        // Issue 15: the urgent report starts at once, with every province a tap or two away.
        Assert.Contains("tỉnh/thành nào", chat.LastText, StringComparison.Ordinal);
        Assert.Contains("Miền Nam", chat.ButtonTexts);
    }

    [Fact]
    public async Task DangerFirstMessage_IsFiledAsHighRiskWithinFiveExchanges_ThenDetailsAreAdded()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake));
        using var client = app.CreateClient();
        var chat = new TelegramChat(fake, app, Parent);

        await chat.SayAsync("cuu voi, bo no dang danh chau");
        await chat.SayAsync("thanh hoa");
        await chat.SayAsync("xa cam tan");
        await chat.SayAsync("nha cuoi xom, gan cho");
        Assert.Contains("số điện thoại", chat.LastText, StringComparison.Ordinal);
        await chat.SayAsync("0912345678");

        Assert.Contains("Mã báo cáo", chat.LastText, StringComparison.Ordinal);
        long caseId;
        await using (var db = TelegramChannelTests.Db(app))
        {
            var filed = await db.Cases.SingleAsync();
            caseId = filed.Id;
            Assert.True(filed.DangerNow);
            Assert.Equal(RiskLevel.High, filed.Risk);
            Assert.False(filed.Anonymous);
        }

        await chat.PressAsync(chat.Button("Bổ sung thông tin"), "cb-details");
        Assert.Contains("Thôn", chat.LastText, StringComparison.Ordinal);
        foreach (var answer in new[] { "thon 2", "6", "nam", "bo qua", "bao luc", "bo duong", "Lan" })
        {
            await chat.SayAsync(answer);
        }

        // The review of the details shows what they add, never the filed report again (its phone, its address).
        Assert.Contains("Lan", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("0912345678", chat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("gan cho", chat.LastText, StringComparison.Ordinal);

        await chat.PressAsync(chat.Button("Gửi bổ sung"), "cb-details-send");
        Assert.Contains("Đã bổ sung", chat.LastText, StringComparison.Ordinal);
        await using var after = TelegramChannelTests.Db(app);
        Assert.Equal(1, await after.Cases.CountAsync());
        Assert.Equal(AgeBand.From6To10, (await after.Cases.SingleAsync()).AgeBand);
        Assert.True(await after.CaseEvents.AnyAsync(e => e.CaseId == caseId && e.Action == CaseAction.DetailsAdded));
    }

    [Fact]
    public async Task DescriptionQuestion_OnTelegram_InvitesPhotos()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake));
        using var client = app.CreateClient();
        var chat = new TelegramChat(fake, app, Parent);

        foreach (var answer in new[] { "bao cao", "khong", "thanh hoa", "xa cam tan", "thon 3", "bo qua", "9", "nam", "bo qua", "bi danh" })
        {
            await chat.SayAsync(answer);
        }

        Assert.Contains("ảnh", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpContacts_ThanhHoaWithoutAccents_Leads18001744()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake));
        using var client = app.CreateClient();
        var chat = new TelegramChat(fake, app, Parent);

        await chat.SayAsync("tong dai");
        await chat.SayAsync("thanh hoa");

        var contacts = chat.LastText;
        Assert.Contains("18001744", contacts, StringComparison.Ordinal);
        Assert.True(contacts.IndexOf("111", StringComparison.Ordinal) < contacts.IndexOf("18001744", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeepLink_StartReport_AndEnglishClient_GetsTheReportInEnglish()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(Settings(fake));
        using var client = app.CreateClient();
        var chat = new TelegramChat(fake, app, Parent, "en");

        await chat.SayAsync("/start report");

        Assert.Contains("Is the child in danger", chat.LastText, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Settings(FakeTelegramServer fake)
    {
        var settings = TelegramChannelTests.Settings(fake, "Polling");
        settings["Deadlines:LoadDemoData"] = "false";

        // Replies of one turn go out back to back: the test is not about Telegram's per-chat pace.
        settings["Messaging:PrivateChatPerSecond"] = "100";
        return settings;
    }
}
