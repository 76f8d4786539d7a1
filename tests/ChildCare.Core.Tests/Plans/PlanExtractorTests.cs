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

    // A PDF viewer's copy: a blank line after every line of the plan.
    private static string Spaced(string text) => string.Join("\n\n", text.Replace("\r", "", StringComparison.Ordinal).Split('\n'));

    [Fact]
    public void APdfCopy_WithABlankLineAfterEveryLine_ReadsAsItsParagraphs()
    {
        var extraction = PlanExtractor.Extract(Spaced("""
            UBND XÃ THỬ
            KẾ HOẠCH
            Thực hiện công tác bảo vệ, chăm sóc trẻ em và phòng, chống đuối nước trẻ em
            trên địa bàn xã năm 2026
            -----
            III. TỔ CHỨC THỰC HIỆN
            1. Phòng Văn hóa - Xã hội tổng hợp, tham mưu UBND xã gửi báo cáo định kỳ trước ngày
            15/12 hằng năm.
            Trang 1/2
            Kế hoạch số 35/KH-UBND ngày 16/01/2026 của UBND xã Thử
            2. Trạm Y tế xã phối hợp các trường khám sức khỏe cho trẻ mầm non trong tháng
            10/2026.
            """));

        Assert.Equal("Thực hiện công tác bảo vệ, chăm sóc trẻ em và phòng, chống đuối nước trẻ em trên địa bàn xã năm 2026", extraction.Title);
        Assert.Equal(["yearly 15/12", "once 2026-10-31"], extraction.Items.Select(i => i.Recurrence));
        Assert.Equal(PlanItemKind.Report, extraction.Items[0].Kind);
        Assert.DoesNotContain("Kế hoạch số", extraction.Items[1].SourceText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1. Xây dựng kế hoạch kiểm tra các điểm vui chơi; hoàn thành trong tháng 10/2026.", "Xây dựng kế hoạch kiểm tra các điểm vui chơi")]
    [InlineData("1. Rà soát danh sách trẻ em có hoàn cảnh đặc biệt, hoàn thành trước ngày 30/4/2026.", "Rà soát danh sách trẻ em có hoàn cảnh đặc biệt")]
    [InlineData("1. Kiểm tra các điểm vui chơi cho trẻ em. Hoàn thành trong quý III/2026.", "Kiểm tra các điểm vui chơi cho trẻ em")]
    public void Titles_NameTheWork_NeverTheWordsOfTheDate(string sentence, string title)
    {
        Assert.Equal(title, Single(Plan(sentence)).Title);
    }

    [Theory]
    [InlineData("1. Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền về quyền trẻ em, hoàn thành trước ngày 30/6/2026.", "Ban Tuyên giáo Huyện ủy", OfficialRole.Culture)]
    [InlineData("1. Văn phòng Đảng ủy tham mưu báo cáo năm trước ngày 30/11/2026.", "Văn phòng Đảng ủy", OfficialRole.Supervisor)]
    [InlineData("1. Ủy ban Mặt trận Tổ quốc xã vận động quà cho trẻ em trước ngày 20/12/2026.", "Ủy ban Mặt trận Tổ quốc xã", OfficialRole.ChildProtection)]
    [InlineData("1. Chỉ đạo Công an xã mở đợt cao điểm phòng, chống xâm hại trẻ em trong quý III/2026.", "Công an xã", OfficialRole.Police)]
    [InlineData("1. Chi bộ các trường lãnh đạo nhà trường tổ chức hội thi trước ngày 15/5/2026.", "Chi bộ các trường", OfficialRole.Education)]
    public void ANamedBody_IsKeptAsTheOwner_AndTheRoleDefaultedOnlyWhenNoneStandsForIt(string sentence, string owner, OfficialRole role)
    {
        var item = Single(Plan(sentence));

        Assert.Equal((owner, role), (item.UnitText, item.Role));
    }

    [Fact]
    public void LetteredItems_AreTasksOfTheirOwn_WithTheirLeadAndTimeLines()
    {
        var items = Plan("""
            3. Phòng, chống xâm hại trẻ em
            a) Công an xã rà soát trẻ em có nguy cơ bị xâm hại, hoàn thành trong quý III/2026.
            b) Tổ chức tập huấn kỹ năng phát hiện, hỗ trợ trẻ em bị xâm hại cho cộng tác viên thôn.
            Đơn vị chủ trì: Trạm Y tế xã.
            Thời gian thực hiện: Quý II năm 2026.
            """).Items;

        Assert.Equal(["within-quarter 2026-Q3|Police", "within-quarter 2026-Q2|Health"], items.Select(i => $"{i.Recurrence}|{i.Role}"));
        Assert.StartsWith("Tổ chức tập huấn", items[1].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void ATableCopiedOneCellALine_IsReadAsItsRows()
    {
        var items = PlanExtractor.Extract("""
            KẾ HOẠCH năm 2026
            PHỤ LỤC
            TT
            Nội dung
            Đơn vị chủ trì
            Thời gian
            1
            Hội thi tìm hiểu kỹ năng phòng, chống đuối nước
            Các trường Tiểu học, THCS
            Tháng 4/2026
            2
            Lớp dạy bơi an toàn cho trẻ em
            Trang 3/4
            Đoàn Thanh niên xã
            10/6 - 31/7/2026
            Nơi nhận:
            """).Items;

        Assert.Equal(["Deadline|once 2026-04-30|Education|Hội thi tìm hiểu kỹ năng phòng, chống đuối nước", "Period|range 10/06-31/07|YouthUnion|Lớp dạy bơi an toàn cho trẻ em"],
            items.Select(i => $"{i.Kind}|{i.Recurrence}|{i.Role}|{i.Title}"));
    }

    [Fact]
    public void ATableWithoutALeadColumn_IsTheBodyNamedJustBeforeIt()
    {
        var item = Single(Plan("""
            5. Kiểm tra, giám sát
            Ủy ban Kiểm tra Đảng ủy chủ trì kiểm tra, giám sát theo lịch sau:
            | TT | Tổ chức được kiểm tra | Nội dung | Thời gian |
            | 1 | Chi bộ thôn Đông | Kiểm tra việc phòng, chống đuối nước trẻ em | Quý III/2026 |
            """));

        Assert.Equal(("within-quarter 2026-Q3", OfficialRole.Supervisor, "Ủy ban Kiểm tra Đảng ủy"), (item.Recurrence, item.Role, item.UnitText));
    }
}
