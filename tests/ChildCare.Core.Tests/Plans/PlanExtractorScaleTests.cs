using System.Diagnostics;
using System.Text;
using ChildCare.Core.Plans;
using ChildCare.Testing.Plans;
using Xunit.Abstractions;

namespace ChildCare.Core.Tests.Plans;

/// <summary>
/// Extraction grows with the text, not with its square: large pastes and documents of many short lines, wrapped
/// or not, with or without dates, are read in time proportional to their length, capped, and stop when cancelled.
/// </summary>
public sealed class PlanExtractorScaleTests(ITestOutputHelper output)
{
    // Short lines that go on with each other (one long paragraph once wrapped lines are joined), each with a date.
    private static string WrappedLines(int bytes) => Lines(bytes, i => $"gửi báo cáo trước ngày {1 + (i % 28)}/{1 + (i % 12)} việc {i}");

    // Short list items, each its own block and item.
    private static string ListItems(int bytes) => Lines(bytes, i => $"- Rà soát hồ sơ số {i} trước ngày {1 + (i % 28)}/{1 + (i % 12)}/2026.");

    // Short lines without a date or a full stop.
    private static string PlainLines(int bytes) => Lines(bytes, i => $"dòng chữ thứ {i} không có ngày");

    private static string Lines(int bytes, Func<int, string> line)
    {
        var text = new StringBuilder("KẾ HOẠCH\nCông tác trẻ em năm 2026\n\nII. NHIỆM VỤ\n");
        for (var (i, size) = (0, 0); size < bytes; i++)
        {
            var next = line(i) + "\n";
            text.Append(next);
            size += Encoding.UTF8.GetByteCount(next);
        }

        return text.ToString();
    }

    // Short lines as a PDF viewer copies them: a blank line after each.
    private static string SpacedLines(int bytes) => Lines(bytes, i => $"gửi báo cáo trước ngày {1 + (i % 28)}/{1 + (i % 12)} việc {i}\n");

    // Short items each with a title of its own and the same date: nothing to merge.
    private static string DistinctItems(int bytes) => Lines(bytes, i => $"- Kiểm tra x{i} y{i * 7} z{i * 13} trước ngày 15/11/2026.");

    public static TheoryData<string> Shapes() => ["wrapped", "list", "plain", "spaced", "distinct"];

    private static string Of(string shape, int bytes) => shape switch
    {
        "wrapped" => WrappedLines(bytes),
        "list" => ListItems(bytes),
        "spaced" => SpacedLines(bytes),
        "distinct" => DistinctItems(bytes),
        _ => PlainLines(bytes),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Extract_GrowsLinearly_WithShortLines(string shape)
    {
        var small = Of(shape, 40 * 1024);
        var large = Of(shape, 320 * 1024);
        var smallWork = PlanWork.Of(small);
        var largeWork = PlanWork.Of(large);
        var watch = Stopwatch.StartNew();
        var extraction = PlanExtractor.Extract(large);
        watch.Stop();
        output.WriteLine($"{shape}: {Encoding.UTF8.GetByteCount(large)} bytes, {extraction.Items.Count} items, {watch.ElapsedMilliseconds} ms; work {smallWork} for 40 KB, {largeWork} for 320 KB");

        // Eight times the text: at most about eight times the work (characters scanned and copied), not sixty-four.
        Assert.InRange(largeWork, 1, smallWork * 12);
    }

    [Fact]
    public void Extract_Stops_WhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => PlanExtractor.Extract(WrappedLines(320 * 1024), cancelled.Token));
    }

    [Fact]
    public void Extract_ReadsTheFirstPartAndSaysSo_WhenTheTextHasMoreLinesThanTheCap()
    {
        var text = PlainLines(1) + string.Concat(Enumerable.Repeat("\n- Báo cáo kết quả trước ngày 15/11.", PlanText.MaxLines));

        var extraction = PlanExtractor.Extract(text);

        Assert.True(extraction.Truncated);
        Assert.False(PlanExtractor.Extract(PlanFixture.Load("cam-pha-2023").Text).Truncated);
    }

    [Fact]
    public void Extract_ListsAtMostTheItemCap_WhenTheTextNamesMore()
    {
        var extraction = PlanExtractor.Extract(DistinctItems(200 * 1024));

        Assert.Equal(PlanExtractor.MaxItems, extraction.Items.Count);
        Assert.True(extraction.Truncated);
    }
}
