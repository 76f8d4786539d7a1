using ChildCare.Core.Deadlines;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class OccurrenceTitlesTests
{
    [Theory]
    [InlineData("UBND xã báo cáo kết quả công tác trẻ em 6 tháng đầu năm 2025 gửi UBND tỉnh", "Deadline", "yearly 15/05", 2027, 5, 15, "UBND xã báo cáo kết quả công tác trẻ em 6 tháng đầu năm 2027 gửi UBND tỉnh")]
    [InlineData("Tết Trung thu cho trẻ em năm 2025", "Event", "lunar-yearly 15/08", 2027, 9, 15, "Tết Trung thu cho trẻ em năm 2027")]
    [InlineData("Báo cáo kết quả công tác trẻ em năm 2025", "Deadline", "yearly 15/01", 2027, 1, 15, "Báo cáo kết quả công tác trẻ em năm 2026")]
    [InlineData("Yearly child work report 2025", "Deadline", "yearly 15/11", 2026, 11, 15, "Yearly child work report 2026")]
    [InlineData("Tháng hành động vì trẻ em năm 2023", "Event", "range 01/06-30/06", 2026, 6, 1, "Tháng hành động vì trẻ em năm 2026")]
    [InlineData("Đăng ít nhất 1 tin, bài/tuần năm 2023", "Deadline", "weekly fri", 2027, 1, 1, "Đăng ít nhất 1 tin, bài/tuần năm 2026")]
    public void For_FollowsTheOccurrencesYear_WhenARecurringTitleNamesOneYear(string title, string kind, string recurrence, int year, int month, int day, string expected)
    {
        Assert.Equal(expected, OccurrenceTitles.For(title, Enum.Parse<RuleKind>(kind), recurrence, new DateOnly(year, month, day)));
    }

    [Theory]
    [InlineData("Gửi kế hoạch năm 2023 về UBND thành phố", "once 2023-03-20")]
    [InlineData("Tổng kết giai đoạn 2021-2025", "yearly 15/11")]
    [InlineData("Khai giảng năm học 2025 - 2026", "yearly 05/09")]
    [InlineData("Thực hiện Nghị định 56/2017/NĐ-CP", "yearly 15/11")]
    [InlineData("Báo cáo quý IV/2024", "quarterly 20")]
    [InlineData("Kế hoạch năm 2024 và năm 2025", "yearly 15/11")]
    [InlineData("Hoàn thành trong quý III năm 2024", "within-quarter 2024-Q3")]
    [InlineData("Báo cáo định kỳ 6 tháng", "yearly 20/05")]
    public void For_KeepsTheTitle_WhenItsYearIsPartOfSomethingElseOrTheRuleIsOneOff(string title, string recurrence)
    {
        Assert.Equal(title, OccurrenceTitles.For(title, RuleKind.Deadline, recurrence, new DateOnly(2027, 11, 15)));
    }
}
