using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;
using ChildCare.Core.Tests.Deadlines;
using ChildCare.Testing;
using ChildCare.Testing.Plans;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Tests.Plans;

/// <summary>Accepted items become rules of the unit, planned at once; the chat review keeps its draft in the database.</summary>
public sealed class PlanImportTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    private static readonly DateTimeOffset Start = DeadlineHost.At(2026, 1, 10, 9);

    private const string SmallPlan = """
        KẾ HOẠCH
        Công tác trẻ em năm 2026

        II. NHIỆM VỤ
        1. Tổ chức Tháng hành động vì trẻ em với chủ đề "Chủ đề thử năm 2026"; vui Tết Trung thu cho trẻ em.
        2. Định kỳ hằng năm trước ngày 15/11 báo cáo kết quả về UBND huyện.
        3. Cập nhật thông tin trẻ em vào phần mềm trước ngày 05 hằng tháng.
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AcceptAsync_MakesOneRulePerItem_WhoseOccurrencesArePlanned_AndAgainUpdatesThem(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync();
        var extraction = PlanExtractor.Extract(PlanFixture.Load("cam-tan-2024").Text);

        var first = await host.Plans.AcceptAsync(DeadlineHost.Commune, extraction.Year, extraction.Title, extraction.Items, CancellationToken.None);
        var again = await host.Plans.AcceptAsync(DeadlineHost.Commune, extraction.Year, extraction.Title, extraction.Items, CancellationToken.None);

        Assert.Equal((5, 0), (first.RulesAdded, first.RulesUpdated));
        Assert.Equal((0, 5), (again.RulesAdded, again.RulesUpdated));
        await host.Backlog.IdleAsync(CancellationToken.None);
        await using var db = host.Db();
        var report = await db.DeadlineRules.Include(r => r.Unit).SingleAsync(r => r.Recurrence == "yearly 15/11");
        Assert.Equal((DeadlineHost.Commune, RuleKind.Deadline, OfficialRole.ChildProtection, "Báo cáo năm gửi UBND huyện"), (report.Unit!.Code, report.Kind, report.Role, report.TitleVi));
        Assert.Equal(new DateOnly(2024, 1, 1), report.ValidFrom);
        Assert.Contains("trước ngày 15/11", report.Source, StringComparison.Ordinal);
        Assert.StartsWith("Triển khai thực hiện Chỉ thị số 28-CT/TW", report.PlanTitle, StringComparison.Ordinal);
        // Planned: the report of this November and Mid-Autumn on its lunar day (25/09/2026).
        Assert.True(await db.Occurrences.AnyAsync(o => o.RuleId == report.Id && o.DueDate == new DateOnly(2026, 11, 15)));
        Assert.True(await db.Occurrences.AnyAsync(o => o.Rule!.Recurrence == "lunar-yearly 15/08" && o.DueDate == new DateOnly(2026, 9, 25)));
    }

    [Fact]
    public async Task AcceptAsync_SavesNothing_WhenAnItemHasAProblem()
    {
        await using var host = await DeadlineHost.StartAsync(TestDatabase.Sqlite, Start);
        await host.ImportAsync();
        var good = new ExtractedItem(PlanItemKind.Report, "Báo cáo năm", "yearly 15/11", OfficialRole.ChildProtection, "…");

        var result = await host.Plans.AcceptAsync(DeadlineHost.Commune, 2026, null, [good, good with { Recurrence = "yearly 31/02" }], CancellationToken.None);

        Assert.False(result.Succeeded);
        await using var db = host.Db();
        Assert.False(await db.DeadlineRules.AnyAsync());
    }

    [Fact]
    public async Task ChatReview_WarnsOfPassedDates_ReviewingAndAccepting_AndMovesAQuarterItem()
    {
        await using var host = await DeadlineHost.StartAsync(TestDatabase.Sqlite, Start);
        await host.ImportAsync();
        await host.SubscribeAsync(502, DeadlineHost.Commune, OfficialRole.ChildProtection);
        var person = DeadlineHost.Person(502);
        const string Plan = "KẾ HOẠCH năm 2026\nII. NHIỆM VỤ\n1. Ban Tuyên giáo Huyện ủy kiểm tra các điểm vui chơi trong quý II/2026.\n2. Rà soát danh sách trẻ em trước ngày 20/3/2024.";

        var replies = await host.PlanChat.CommandAsync(person, Plan, CancellationToken.None);
        var moved = Assert.Single((await host.PlanChat.OnTextAsync(person, "1 quý 4", CancellationToken.None))!);
        var buttons = moved.Keyboard!.Rows.SelectMany(r => r).ToList();
        var accepted = Assert.Single(await host.PlanChat.OnButtonAsync(person, buttons.Single(b => b.Text.StartsWith('✅')).CallbackData!, CancellationToken.None));

        Assert.Equal(2, replies.Count);
        Assert.Contains("Ban Tuyên giáo Huyện ủy (", replies[0].Text, StringComparison.Ordinal);
        Assert.Contains("⚠ Đã qua ngày: mục 2 (20/03/2024)", replies[1].Text, StringComparison.Ordinal);
        Assert.Contains("trong quý 4/2026", moved.Text, StringComparison.Ordinal);
        Assert.Contains("Đã tạo 2 việc nhắc mới", accepted.Text, StringComparison.Ordinal);
        Assert.Contains("⚠ Đã qua ngày: mục 2 (20/03/2024)", accepted.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ChatReview_ListsDropsCorrectsAndAccepts_AndItsDraftSurvivesARestart(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync();
        await host.SubscribeAsync(501, DeadlineHost.Commune, OfficialRole.ChildProtection);
        var person = DeadlineHost.Person(501);

        var listed = Assert.Single(await host.PlanChat.CommandAsync(person, SmallPlan, CancellationToken.None));
        Assert.Contains("Tìm thấy 4 việc", listed.Text, StringComparison.Ordinal);
        Assert.Contains("<b>3.</b> Báo cáo năm gửi UBND huyện", listed.Text, StringComparison.Ordinal);
        Assert.Contains("«Định kỳ hằng năm trước ngày 15/11 báo cáo kết quả về UBND huyện.»", listed.Text, StringComparison.Ordinal);
        Assert.Contains("Chủ đề 2026: «Chủ đề thử năm 2026»", listed.Text, StringComparison.Ordinal);
        var buttons = listed.Keyboard!.Rows.SelectMany(r => r).ToList();
        Assert.Equal(["❌ 1", "❌ 2", "❌ 3", "❌ 4", "✅ Đồng ý (4 việc)", "✖ Hủy"], buttons.Select(b => b.Text));

        // Another node (or the same after a restart) carries on with the draft in the database.
        await using var other = await DeadlineHost.AttachAsync(host.Database, Start.AddMinutes(5));
        var dropped = Assert.Single(await other.PlanChat.OnButtonAsync(person, buttons[1].CallbackData!, CancellationToken.None));
        Assert.Contains("Đã bỏ mục 2. Còn 3 việc.", dropped.Text, StringComparison.Ordinal);
        Assert.Contains("ngày 20/11/2027", Assert.Single((await other.PlanChat.OnTextAsync(person, "3 20/11/2027", CancellationToken.None))!).Text, StringComparison.Ordinal);
        var changed = Assert.Single((await other.PlanChat.OnTextAsync(person, "3 20/11", CancellationToken.None))!);
        Assert.Contains("Đã sửa mục 3", changed.Text, StringComparison.Ordinal);
        Assert.Contains("hằng năm, ngày 20/11", changed.Text, StringComparison.Ordinal);
        Assert.Null(await other.PlanChat.OnTextAsync(person, "xin chào", CancellationToken.None));

        var accepted = Assert.Single(await other.PlanChat.OnButtonAsync(person, buttons[4].CallbackData!, CancellationToken.None));
        Assert.Contains("Đã tạo 3 việc nhắc mới", accepted.Text, StringComparison.Ordinal);
        await other.Backlog.IdleAsync(CancellationToken.None);
        await using var db = other.Db();
        Assert.Equal(["monthly 5", "range 01/06-30/06", "yearly 20/11"], (await db.DeadlineRules.Select(r => r.Recurrence).ToListAsync()).Order());
        Assert.Equal("Chủ đề thử năm 2026", (await db.EventThemes.SingleAsync()).ThemeVi);
        Assert.False(await db.PlanDrafts.AnyAsync());
        Assert.True(await db.Occurrences.AnyAsync(o => o.DueDate == new DateOnly(2026, 11, 20)));

        // The buttons of a draft that is gone say so.
        Assert.Contains("không còn", Assert.Single(await other.PlanChat.OnButtonAsync(person, buttons[0].CallbackData!, CancellationToken.None)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatReview_IsForOfficials_AndAsksForTheUnit_WhenTheyFollowSeveral()
    {
        await using var host = await DeadlineHost.StartAsync(TestDatabase.Sqlite, Start);
        await host.ImportAsync();
        Assert.Contains("Chỉ cán bộ", Assert.Single(await host.PlanChat.CommandAsync(DeadlineHost.Person(600), SmallPlan, CancellationToken.None)).Text, StringComparison.Ordinal);
        Assert.Null(await host.PlanChat.OnTextAsync(DeadlineHost.Person(600), SmallPlan, CancellationToken.None));

        await host.SubscribeAsync(601, DeadlineHost.Commune, OfficialRole.ChildProtection);
        await host.SubscribeAsync(601, DeadlineHost.Ward, OfficialRole.Supervisor);
        await host.SubscribeAsync(601, DeadlineHost.Province, OfficialRole.Viewer);
        var person = DeadlineHost.Person(601);
        Assert.Contains("/kehoach", Assert.Single(await host.PlanChat.CommandAsync(person, null, CancellationToken.None)).Text, StringComparison.Ordinal);

        var listed = Assert.Single(await host.PlanChat.CommandAsync(person, SmallPlan, CancellationToken.None));
        var accept = listed.Keyboard!.Rows.SelectMany(r => r).Single(b => b.Text.StartsWith('✅')).CallbackData!;
        var ask = Assert.Single(await host.PlanChat.OnButtonAsync(person, accept, CancellationToken.None));
        Assert.Equal(["Phường Thử", "Xã Thử"], ask.Keyboard!.Rows.SelectMany(r => r).Select(b => b.Text));
        var ward = ask.Keyboard.Rows[0][0].CallbackData!;
        Assert.Contains("Phường Thử", Assert.Single(await host.PlanChat.OnButtonAsync(person, ward, CancellationToken.None)).Text, StringComparison.Ordinal);
        await using var db = host.Db();
        Assert.All(await db.DeadlineRules.Include(r => r.Unit).ToListAsync(), r => Assert.Equal(DeadlineHost.Ward, r.Unit!.Code));
    }
}
