using System.Text;
using ChildCare.Core.Plans;
using ChildCare.Testing.Plans;
using static ChildCare.Testing.Plans.TestDocx;

namespace ChildCare.Core.Tests.Plans;

/// <summary>Plans as files: a Word document built here with OpenXml, plain text in its encodings, and what is refused.</summary>
public sealed class PlanDocumentTests
{
    [Fact]
    public void Read_GivesADocxsParagraphsListMarksAndTableRows_WhichTheExtractorReads()
    {
        var docx = TestDocx.Of(
            Paragraph("KẾ HOẠCH"),
            Paragraph("Công tác bảo vệ trẻ em năm 2026"),
            Paragraph("III. TỔ CHỨC THỰC HIỆN"),
            Numbered("Trạm Y tế xã"),
            Paragraph("Cho trẻ uống vitamin A vào các ngày 1/6 và 1/12."),
            Numbered("Phòng Văn hóa - Xã hội"),
            Paragraph("Báo cáo năm trước ngày 15/11 gửi UBND huyện."),
            Paragraph("PHỤ LỤC"),
            Table(["Nội dung", "Đơn vị chủ trì", "Thời gian"], ["Tập huấn cộng tác viên", "Đoàn Thanh niên xã", "Quý III/2026"]));

        var (text, problem) = PlanDocument.Read(docx, "ke-hoach.docx", null);

        Assert.Equal(PlanDocument.Problem.None, problem);
        Assert.Contains("1. Trạm Y tế xã\n", text, StringComparison.Ordinal);
        Assert.Contains("2. Phòng Văn hóa - Xã hội\n", text, StringComparison.Ordinal);
        Assert.Contains("| Tập huấn cộng tác viên | Đoàn Thanh niên xã | Quý III/2026 |", text, StringComparison.Ordinal);
        var extraction = PlanExtractor.Extract(text!);
        Assert.Equal(2026, extraction.Year);
        Assert.Equal(
            ["Event yearly 01/06, 01/12 Health", "Report yearly 15/11 ChildProtection", "Deadline within-quarter 2026-Q3 YouthUnion"],
            extraction.Items.Select(i => $"{i.Kind} {i.Recurrence} {i.Role}"));
    }

    [Fact]
    public void Read_DecodesUtf8WithOrWithoutABom_AndUtf16()
    {
        const string plan = "Báo cáo năm trước ngày 15/11.";
        foreach (var bytes in new[] { Encoding.UTF8.GetBytes(plan), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(plan)], [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(plan)] })
        {
            Assert.Equal((plan, PlanDocument.Problem.None), PlanDocument.Read(bytes, "plan.txt", null));
        }
    }

    [Theory]
    [InlineData("plan.pdf", "application/pdf", PlanDocument.Problem.Unsupported)]
    [InlineData("plan.docx", null, PlanDocument.Problem.Unreadable)]
    public void Read_RefusesWhatItCannotRead(string name, string? type, PlanDocument.Problem expected)
    {
        Assert.Equal((null, expected), PlanDocument.Read("%PDF-1.7 not a plan"u8, name, type));
    }

    [Fact]
    public void Read_RefusesMoreThanTwoMegabytes_AndNothing()
    {
        Assert.Equal((null, PlanDocument.Problem.TooLarge), PlanDocument.Read(new byte[PlanDocument.MaxBytes + 1], "plan.txt", null));
        Assert.Equal((null, PlanDocument.Problem.Empty), PlanDocument.Read([], "plan.txt", null));
        Assert.Equal((null, PlanDocument.Problem.Empty), PlanDocument.Read("  \n "u8, "plan.txt", null));
    }
}
