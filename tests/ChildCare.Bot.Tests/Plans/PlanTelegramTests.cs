using ChildCare.Bot.Tests.Conversations;
using ChildCare.Bot.Tests.Telegram;
using ChildCare.Core.Plans;
using ChildCare.FakeTelegram;
using ChildCare.Testing.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.Plans;

/// <summary>Plan import in Telegram through the fake Bot API: a document from an official, reviewed, corrected, accepted.</summary>
public sealed class PlanTelegramTests
{
    private const long Lan = 9301;
    private const long Parent = 9302;

    [Fact]
    public async Task AnOfficialsDocx_IsListedWithButtons_DroppedCorrectedAndAccepted_IntoRulesOfTheirUnit()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        await PlanTestApp.ImportUnitsAsync(app);
        await PlanTestApp.JoinAsync(app, Lan, PlanTestApp.Commune);
        var docx = TestDocx.Of(
            TestDocx.Paragraph("KẾ HOẠCH"),
            TestDocx.Paragraph("Công tác bảo vệ trẻ em năm 2026"),
            TestDocx.Paragraph("II. NHIỆM VỤ"),
            TestDocx.Numbered("Tổ chức Tháng hành động vì trẻ em và vui Tết Trung thu cho trẻ em."),
            TestDocx.Numbered("Định kỳ hằng năm trước ngày 15/11 báo cáo kết quả về UBND huyện."),
            TestDocx.Numbered("Đài Truyền thanh xã phát ít nhất 1 tin, bài/tuần về bảo vệ trẻ em."));
        fake.AddFile("plan-docx", docx, "documents/file_1.docx");
        var lan = new TelegramChat(fake, app, Lan);

        await lan.SendDocumentAsync("plan-docx", "ke-hoach-2026.docx", PlanDocument.DocxContentType, docx.Length);

        Assert.True(fake.CallsTo("getFile").Count == 1, lan.LastText);
        Assert.True(lan.LastText.Contains("Tìm thấy 4 việc. Năm của kế hoạch: 2026.", StringComparison.Ordinal), lan.LastText);
        Assert.Contains("<b>3.</b> Báo cáo năm gửi UBND huyện", lan.LastText, StringComparison.Ordinal);
        Assert.Contains("«Định kỳ hằng năm trước ngày 15/11 báo cáo kết quả về UBND huyện.»", lan.LastText, StringComparison.Ordinal);
        Assert.Contains("✅ Đồng ý (4 việc)", lan.ButtonTexts);

        await lan.PressAsync(lan.Button("❌ 4"), "drop-4");
        Assert.Contains("Đã bỏ mục 4. Còn 3 việc.", lan.LastText, StringComparison.Ordinal);
        // A date a month ahead, so that it is planned whenever the test runs.
        var due = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(30);
        var typed = due.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await lan.SayAsync("3 " + typed);
        Assert.Contains($"Đã sửa mục 3: Báo cáo năm gửi UBND huyện — ngày {typed}.", lan.LastText, StringComparison.Ordinal);
        var accept = lan.Button("✅ Đồng ý (3 việc)");
        await lan.SayAsync("9 20/11");
        Assert.Contains("Không có mục 9.", lan.LastText, StringComparison.Ordinal);
        await lan.PressAsync(accept, "accept");
        Assert.Contains("Đã tạo 3 việc nhắc mới", lan.LastText, StringComparison.Ordinal);

        await app.Services.GetRequiredService<Core.Deadlines.RulePlanningBacklog>().IdleAsync(CancellationToken.None);
        await using var db = TelegramChannelTests.Db(app);
        Assert.Equal(["lunar-yearly 15/08", "once " + due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "range 01/06-30/06"], (await db.DeadlineRules.Select(r => r.Recurrence).ToListAsync()).Order());
        Assert.True(await db.Occurrences.AnyAsync(o => o.DueDate == due));
        Assert.False(await db.PlanDrafts.AnyAsync());
    }

    [Fact]
    public async Task ADocumentFromSomeoneWhoIsNoOfficial_GoesToTheHelpDesk_AndKehoachSaysSo()
    {
        await using var fake = await FakeTelegramServer.StartAsync();
        await using var app = new ChildCareAppFactory(HelpDeskTelegramTests.Settings(fake));
        fake.AddFile("some-docx", TestDocx.Of(TestDocx.Paragraph("Báo cáo năm trước ngày 15/11.")), "documents/file_2.docx");
        var parent = new TelegramChat(fake, app, Parent);

        await parent.SendDocumentAsync("some-docx", "ke-hoach.docx", PlanDocument.DocxContentType, 1000);
        Assert.Empty(fake.CallsTo("getFile"));
        Assert.NotEmpty(parent.Texts);
        Assert.DoesNotContain("Tìm thấy", parent.LastText, StringComparison.Ordinal);

        await parent.SayAsync("/kehoach Báo cáo năm trước ngày 15/11.");
        Assert.Contains("Chỉ cán bộ đã tham gia", parent.LastText, StringComparison.Ordinal);
        await using var db = TelegramChannelTests.Db(app);
        Assert.False(await db.PlanDrafts.AnyAsync());
    }
}
