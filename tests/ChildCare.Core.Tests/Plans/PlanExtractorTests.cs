using ChildCare.Core.Officials;
using ChildCare.Core.Plans;

namespace ChildCare.Core.Tests.Plans;

/// <summary>Each family of phrases a plan states its deadlines and events with, alone in a small plan.</summary>
public sealed class PlanExtractorTests
{
    // A plan's header and a section around the sentences under test.
    private static PlanExtraction Plan(string body, string title = "Công tác trẻ em năm 2026") =>
        PlanExtractor.Extract($"""
            ỦY BAN NHÂN DÂN XÃ THỬ
            Thử, ngày 10 tháng 01 năm 2026

            KẾ HOẠCH
            {title}

            I. MỤC ĐÍCH, YÊU CẦU
            Bảo đảm quyền trẻ em; định kỳ hằng tháng kiểm tra, trước ngày 30/6 đánh giá.

            II. NHIỆM VỤ
            {body}
            """);

    private static ExtractedItem Single(PlanExtraction extraction) => Assert.Single(extraction.Items);

    [Theory]
    [InlineData("1. Định kỳ hằng năm trước ngày 15/11 báo cáo kết quả về UBND huyện.", PlanItemKind.Report, "yearly 15/11")]
    [InlineData("1. Báo cáo kết quả thực hiện gửi UBND huyện trước ngày 15/12.", PlanItemKind.Report, "yearly 15/12")]
    [InlineData("1. Xây dựng kế hoạch của xã gửi UBND huyện trước ngày 20/3/2023.", PlanItemKind.Deadline, "once 2023-03-20")]
    [InlineData("1. Định kỳ trước ngày 15/5/2025 báo cáo UBND huyện kết quả 6 tháng.", PlanItemKind.Report, "yearly 15/05")]
    [InlineData("1. Hoàn thành rà soát danh sách trẻ em trước ngày 30/9.", PlanItemKind.Deadline, "once 2026-09-30")]
    [InlineData("1. Gửi danh sách chậm nhất ngày 05 tháng 10 năm 2026.", PlanItemKind.Deadline, "once 2026-10-05")]
    [InlineData("1. Tổ chức hội nghị vào ngày 20/3/2026.", PlanItemKind.Event, "once 2026-03-20")]
    public void Dates_WithAndWithoutYear_BecomeDeadlinesOrEvents(string sentence, PlanItemKind kind, string recurrence)
    {
        var item = Single(Plan(sentence));

        Assert.Equal(kind, item.Kind);
        Assert.Equal(recurrence, item.Recurrence);
        Assert.Equal(sentence[3..], item.SourceText);
    }

    [Theory]
    [InlineData("1. Định kỳ 6 tháng (trước ngày 20/5) và năm 2023 (trước ngày 15/11) tổng hợp báo cáo gửi Sở Y tế.", "yearly 20/05|Báo cáo 6 tháng gửi Sở Y tế", "yearly 15/11|Báo cáo năm gửi Sở Y tế")]
    [InlineData("1. Báo cáo định kỳ (6 tháng trước ngày 10/5, năm trước ngày 10/11) gửi về UBND Thành phố.", "yearly 10/05|Báo cáo 6 tháng gửi UBND Thành phố", "yearly 10/11|Báo cáo năm gửi UBND Thành phố")]
    [InlineData("1. Định kỳ trước ngày 15/5/2025 và trước ngày 15/11/2025 báo cáo UBND huyện kết quả 6 tháng đầu năm và cả năm.", "yearly 15/05|Báo cáo 6 tháng gửi UBND huyện", "yearly 15/11|Báo cáo năm gửi UBND huyện")]
    public void SixMonthAndYearlyReports_AreTwoYearlyReports_NamedByTheirPeriod(string sentence, string first, string second)
    {
        var items = Plan(sentence).Items;

        Assert.Equal([first, second], items.Select(i => $"{i.Recurrence}|{i.Title}"));
        Assert.All(items, i => Assert.Equal(PlanItemKind.Report, i.Kind));
    }

    [Theory]
    [InlineData("1. Định kỳ hằng tháng cập nhật thông tin trẻ em vào phần mềm.", "monthly last", PlanItemKind.Recurring)]
    [InlineData("1. Cập nhật thông tin trẻ em vào phần mềm trước ngày 25 hằng tháng.", "monthly 25", PlanItemKind.Recurring)]
    [InlineData("1. Báo cáo kết quả hằng quý trước ngày 25 của tháng cuối quý.", "quarterly 25", PlanItemKind.Report)]
    [InlineData("1. Báo cáo kết quả trước ngày 10 của tháng đầu quý sau.", "yearly 10/01, 10/04, 10/07, 10/10", PlanItemKind.Report)]
    [InlineData("1. Ban Bảo vệ trẻ em họp giao ban hằng quý.", "quarterly last", PlanItemKind.Event)]
    [InlineData("1. Cấp xã có ít nhất 1 tin, bài/tuần trên hệ thống thông tin cơ sở.", "weekly fri", PlanItemKind.Recurring)]
    [InlineData("1. Đài truyền thanh mỗi tuần ít nhất 1 tin về bảo vệ trẻ em.", "weekly fri", PlanItemKind.Recurring)]
    [InlineData("1. Phát ít nhất 4 tin, bài/tháng trên loa truyền thanh.", "monthly last", PlanItemKind.Recurring)]
    [InlineData("1. Ban Bảo vệ trẻ em họp định kỳ 3 tháng một lần.", "quarterly last", PlanItemKind.Event)]
    [InlineData("1. Kiểm tra các điểm vui chơi mỗi tháng một lần.", "monthly last", PlanItemKind.Recurring)]
    public void PeriodicPhrases_BecomeMonthlyQuarterlyOrWeeklyWork(string sentence, string recurrence, PlanItemKind kind)
    {
        var item = Single(Plan(sentence));

        Assert.Equal(recurrence, item.Recurrence);
        Assert.Equal(kind, item.Kind);
    }

    [Fact]
    public void Meetings_AreTheLeadershipsEvents_WithTheLevelTheyAreFor()
    {
        var items = Plan("1. Kiện toàn Ban bảo vệ trẻ em, giao ban định kỳ hằng quý (đối với cấp huyện) và hàng tháng (đối với xã, phường).").Items;

        Assert.Equal(["quarterly last|cấp huyện", "monthly last|xã, phường"], items.Select(i => $"{i.Recurrence}|{i.UnitText}"));
        Assert.All(items, i => Assert.Equal((PlanItemKind.Event, OfficialRole.Supervisor), (i.Kind, i.Role)));
    }

    [Theory]
    [InlineData("Thời gian thực hiện: Thường xuyên hàng năm.")]
    [InlineData("Thời gian thực hiện: Thường xuyên trong năm.")]
    [InlineData("Thường xuyên hằng tháng kiểm tra các điểm vui chơi.")]
    [InlineData("Chi trả trợ cấp xã hội hằng tháng cho trẻ em mồ côi.")]
    [InlineData("Giảm tỷ lệ trẻ em bị tai nạn thương tích 5%/năm; khám sức khỏe mỗi năm một lần.")]
    [InlineData("Thực hiện Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 và Kế hoạch số 91/KH-UBND ngày 05/4/2024 của UBND tỉnh.")]
    public void OngoingWork_Benefits_YearsWithoutADay_AndDocumentDates_AreNoItem(string sentence)
    {
        Assert.Empty(Plan("1. Tuyên truyền về quyền trẻ em.\n" + sentence).Items);
    }

    [Theory]
    [InlineData("Thời gian thực hiện: Quý II, IV năm 2025.", "within-quarter 2025-Q2", "within-quarter 2025-Q4")]
    [InlineData("Thời gian thực hiện: quý III năm 2024.", "within-quarter 2024-Q3")]
    [InlineData("Thời gian thực hiện: Quý 1/2027.", "within-quarter 2027-Q1")]
    [InlineData("Thời gian thực hiện: Quý II.", "within-quarter 2026-Q2")]
    public void Quarters_OfATask_AreDeadlinesWithinEachQuarter(string timing, params string[] recurrences)
    {
        var items = Plan("1. Tổ chức tập huấn cho cộng tác viên.\nĐơn vị chủ trì: Trạm Y tế xã.\n" + timing).Items;

        Assert.Equal(recurrences, items.Select(i => i.Recurrence));
        Assert.All(items, i => Assert.Equal((PlanItemKind.Deadline, OfficialRole.Health, "Tổ chức tập huấn cho cộng tác viên"), (i.Kind, i.Role, i.Title)));
    }

    [Fact]
    public void AQuarterInASentence_IsADeadlineWithinIt_AndNamedEventsTakeAQuartersTiming()
    {
        Assert.Equal("within-quarter 2024-Q3", Single(Plan("1. Rà soát danh sách trẻ em, hoàn thành trong quý III năm 2024.")).Recurrence);

        var events = Plan("1. Tổ chức Tháng hành động vì trẻ em, Tết Trung thu.\nThời gian thực hiện: Quý II, IV năm 2025.").Items;
        Assert.Equal(["range 01/06-30/06", "lunar-yearly 15/08"], events.Select(i => i.Recurrence));
    }

    [Fact]
    public void Ranges_ArePeriods_BoundToTheirYearWhenNotRecurring()
    {
        var item = Single(Plan("1. Tổ chức dạy bơi cho trẻ em từ ngày 15/6 đến ngày 15/8/2026."));

        Assert.Equal((PlanItemKind.Period, "range 15/06-15/08"), (item.Kind, item.Recurrence));
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)), (item.From, item.Until));
        Assert.Equal("Tổ chức dạy bơi cho trẻ em", item.Title);
    }

    [Fact]
    public void NamedEvents_HaveTheirKnownDates_LunarOnesLunar_AndTheActionMonthItsTheme()
    {
        var items = Plan("1. Xây dựng kế hoạch và tổ chức Tháng hành động vì trẻ em năm 2023 (từ ngày 01/6/2023 đến ngày 30/6/2023) với chủ đề “Chung tay giảm thiểu tổn hại trẻ em”; tổ chức Ngày Quốc tế Thiếu nhi 1/6, Tết Trung thu, Ngày Gia đình Việt Nam, Ngày toàn dân đưa trẻ đến trường và thăm hỏi trẻ em dịp Tết Nguyên đán, bảo đảm mùa hè an toàn.").Items;

        Assert.Equal(
            ["action-month range 01/06-30/06", "children-day yearly 01/06", "mid-autumn lunar-yearly 15/08", "family-day yearly 28/06", "school-day yearly 05/09", "tet lunar-yearly 01/01", "summer range 01/06-31/08"],
            items.Select(i => $"{i.Event} {i.Recurrence}"));
        var month = items[0];
        Assert.Equal(("Chung tay giảm thiểu tổn hại trẻ em", 2023), (month.Theme, month.ThemeYear));
        Assert.Equal(("Tháng hành động vì trẻ em", "Action Month for Children"), (month.Title, month.TitleEn));
        Assert.True(items[2].Schedule().IsLunar);
        Assert.All(items.Skip(1), i => Assert.Null(i.Theme));
    }

    [Fact]
    public void AThemeAfterSeveralEvents_IsTheActionMonths()
    {
        var items = Plan("1. Tổ chức các hoạt động hưởng ứng Tháng hành động vì trẻ em, Tết Trung thu cho trẻ em năm 2025, với chủ đề \"Ưu tiên nguồn lực hoàn thành các mục tiêu vì trẻ em\".").Items;

        Assert.Equal(("Ưu tiên nguồn lực hoàn thành các mục tiêu vì trẻ em", 2025), (items[0].Theme, items[0].ThemeYear));
        Assert.Null(items[1].Theme);
    }

    [Theory]
    [InlineData("KẾ HOẠCH\nCông tác bảo vệ, chăm sóc trẻ em năm 2023", "Cẩm Phả, ngày 16 tháng 02 năm 2022", 2023)]
    [InlineData("KẾ HOẠCH\nTriển khai Chỉ thị số 28-CT/TW ngày 25/12/2023", "Cẩm Tân, ngày   tháng 05 năm 2024", 2024)]
    [InlineData("## KẾ HOẠCH\n### Thực hiện công tác trẻ em năm 2025", "Sơn Tây, ngày 04 tháng 4 năm 2025", 2025)]
    public void TheYear_IsTheTitles_ElseTheDateLines(string header, string dateLine, int year)
    {
        var extraction = PlanExtractor.Extract($"UBND XÃ THỬ\n{dateLine}\n\n{header}\n\nI. NHIỆM VỤ\n1. Báo cáo năm trước ngày 15/11.");

        Assert.Equal(year, extraction.Year);
        Assert.NotNull(extraction.Title);
    }

    [Fact]
    public void TextWithoutAccents_ReadsTheSame()
    {
        var accented = Plan("1. Định kỳ hằng tháng cập nhật dữ liệu trẻ em. Tổ chức Tháng hành động vì trẻ em, Tết Trung thu. Định kỳ 6 tháng (trước ngày 20/5) và năm (trước ngày 15/11) báo cáo UBND huyện. Hoàn thành trong quý III năm 2026.\nĐơn vị chủ trì: Công an xã.");
        var plain = PlanExtractor.Extract("""
            KE HOACH
            Cong tac tre em nam 2026

            II. NHIEM VU
            1. Dinh ky hang thang cap nhat du lieu tre em. To chuc Thang hanh dong vi tre em, Tet Trung thu. Dinh ky 6 thang (truoc ngay 20/5) va nam (truoc ngay 15/11) bao cao UBND huyen. Hoan thanh trong quy III nam 2026.
            Don vi chu tri: Cong an xa.
            """);

        Assert.Equal(2026, plain.Year);
        Assert.Equal(accented.Items.Select(i => (i.Kind, i.Recurrence, i.Role)), plain.Items.Select(i => (i.Kind, i.Recurrence, i.Role)));
        Assert.Equal(6, plain.Items.Count);
        Assert.All(plain.Items, i => Assert.Equal(OfficialRole.Police, i.Role));
    }

    [Fact]
    public void BrokenLineWraps_Hyphenation_PageNumbersAndSpaces_ReadAsTheSentence()
    {
        var broken = Plan("""
            1. Phòng Văn hóa - Xã hội định kỳ hằng năm trước  ngày 15/11 báo cáo kết quả triển khai
            thực hiện kế hoạch về UBND huyện (qua Phòng Lao động –

            Thương binh và Xã hội); tổ chức các hoạt động vui Tết Trung thu cho trẻ em tại các

            7

            thôn, xóm và cập nhật dữ liệu trẻ em vào phần mềm trước ngày 05 hằ-
            ng tháng.
            """);

        Assert.Equal(["yearly 15/11", "lunar-yearly 15/08", "monthly 5"], broken.Items.Select(i => i.Recurrence));
        Assert.StartsWith("Phòng Văn hóa - Xã hội định kỳ hằng năm trước ngày 15/11 báo cáo kết quả triển khai thực hiện kế hoạch về UBND huyện (qua Phòng Lao động – Thương binh và Xã hội); tổ chức", broken.Items[0].SourceText, StringComparison.Ordinal);
        Assert.EndsWith("vào phần mềm trước ngày 05 hằng tháng.", broken.Items[2].SourceText, StringComparison.Ordinal);
        Assert.Equal("Báo cáo năm gửi UBND huyện", broken.Items[0].Title);
    }

    [Fact]
    public void Agencies_UnderTheOrganisationSection_OweTheirDuties_InTheRolesTheyMapTo()
    {
        var items = PlanExtractor.Extract("""
            KẾ HOẠCH năm 2026
            III. TỔ CHỨC THỰC HIỆN
            1. Công an xã
            Thông báo kết quả xử lý vụ việc hằng tháng.
            2. Trạm Y tế xã:
            Cân, đo trẻ em hằng quý.
            3. Các trường học trên địa bàn
            - Bàn giao học sinh về địa phương trước ngày 31/5/2026.
            4. Hội Liên hiệp Phụ nữ xã: tặng quà trẻ em dịp Tết Nguyên đán.
            5. Đoàn Thanh niên xã
            - Tổ chức Tết Trung thu cho thiếu nhi.
            6. Phòng Văn hóa - Xã hội
            - Báo cáo năm trước ngày 15/11.
            - Đài Truyền thanh xã phát tin về Tháng hành động vì trẻ em.
            7. UBND các xã
            - Báo cáo 6 tháng trước ngày 15/6.
            """).Items;

        Assert.Equal(
            [OfficialRole.Police, OfficialRole.Health, OfficialRole.Education, OfficialRole.WomenUnion, OfficialRole.YouthUnion, OfficialRole.ChildProtection, OfficialRole.Culture, OfficialRole.ChildProtection],
            items.Select(i => i.Role));
        Assert.Equal("Công an xã", items[0].UnitText);
    }
}
