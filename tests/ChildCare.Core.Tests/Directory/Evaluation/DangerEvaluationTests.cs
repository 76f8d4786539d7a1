using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChildCare.Core.Directory;
using ChildCare.Core.Directory.Danger;
using Xunit.Abstractions;

namespace ChildCare.Core.Tests.Directory.Evaluation;

/// <summary>
/// The shipped detector on each development file (README.md there): prints recall, false alarms, first-number
/// accuracy, per family and per style, the misses, and microseconds per message (mean, p50, p99). Issue 15's targets
/// (recall 95 %, false alarms 10 %, first number 90 %) are the constants below. The shipped model trained on these
/// files, so these figures are in-sample; DangerModelTests prints and holds the leave-one-file-out ones.
/// </summary>
public sealed class DangerEvaluationTests(ITestOutputHelper output)
{
    internal const double MinRecall = 0.95;
    internal const double MaxFalseAlarms = 0.10;
    internal const double MinFirstNumber = 0.90;

    [Fact]
    public void Detector_MeetsRecallFalseAlarmsAndFirstNumber_OnTheEvaluationSet()
    {
        var rows = Read("danger-eval.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);
        output.WriteLine(Timing(rows));

        Assert.True(figures.Recall >= MinRecall, $"Recall {figures.Recall:P1} is below {MinRecall:P0}.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= MaxFalseAlarms, $"False alarms {figures.FalseAlarms:P1} are above {MaxFalseAlarms:P0}.\n{figures.Report}");
        Assert.True(figures.FirstNumber >= MinFirstNumber, $"First-number accuracy {figures.FirstNumber:P1} is below {MinFirstNumber:P0}.\n{figures.Report}");
    }

    [Fact]
    public void Detector_HoldsUp_OnTheHoldoutSet()
    {
        var rows = Read("danger-holdout.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);
        output.WriteLine(Timing(rows));

        Assert.True(figures.Recall >= 0.90, $"Recall {figures.Recall:P1} is below 90%.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= MaxFalseAlarms, $"False alarms {figures.FalseAlarms:P1} are above {MaxFalseAlarms:P0}.\n{figures.Report}");
        Assert.True(figures.FirstNumber >= MinFirstNumber, $"First-number accuracy {figures.FirstNumber:P1} is below {MinFirstNumber:P0}.\n{figures.Report}");
    }

    [Fact]
    public void Detector_Generalises_OnTheHelpersOwnSet()
    {
        var rows = Read("danger-dev-own.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);

        Assert.True(figures.Recall >= 0.90, $"Recall {figures.Recall:P1} is below 90%.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= MaxFalseAlarms, $"False alarms {figures.FalseAlarms:P1} are above {MaxFalseAlarms:P0}.\n{figures.Report}");
    }

    /// <summary>
    /// The second holdout (HOLDOUT2.md) was measured once untuned: recall 79.2 % (95/120), false alarms 15.0 % (9/60).
    /// It is a development set now, and the shipped model trained on it: this figure is in-sample. The honest one,
    /// the detector trained on the other files and measured on this one, is DangerModelTests' leave-one-file-out
    /// (recall 98.3 %, false alarms 5.0 %, first number right 95.8 %).
    /// </summary>
    [Fact]
    public void Detector_MeetsTheTargets_OnTheSecondHoldoutItTrainedOn()
    {
        var rows = Read("danger-holdout2.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);

        Assert.True(figures.Recall >= MinRecall, $"Second-holdout recall {figures.Recall:P1} is below {MinRecall:P0}.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= MaxFalseAlarms, $"Second-holdout false alarms {figures.FalseAlarms:P1} are above {MaxFalseAlarms:P0}.\n{figures.Report}");
        Assert.True(figures.FirstNumber >= MinFirstNumber, $"Second-holdout first number {figures.FirstNumber:P1} is below {MinFirstNumber:P0}.\n{figures.Report}");
    }

    /// <summary>
    /// The third holdout (HOLDOUT3.md): 232 danger and 137 calm messages written by a helper who never saw the
    /// detector, its rules, its model or the other sets, and never trained on (DangerModelTrainer's list leaves it
    /// out). Measured once, after the model was shipped: recall 99.1 % (230/232), false alarms 7.3 % (10/137), first
    /// number right 92.2 %; the rules alone (the detector before the model) gave 83.2 % / 19.0 % / 91.7 % on it. It
    /// holds issue 15's targets. Tune on its rows and it stops being a holdout: write a fresh one first.
    /// </summary>
    [Fact]
    public void Detector_MeetsTheTargets_OnTheThirdHoldoutNeverTrainedOn()
    {
        var rows = Read("danger-holdout3.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);

        Assert.True(figures.Recall >= MinRecall, $"Third-holdout recall {figures.Recall:P1} is below {MinRecall:P0}.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= MaxFalseAlarms, $"Third-holdout false alarms {figures.FalseAlarms:P1} are above {MaxFalseAlarms:P0}.\n{figures.Report}");
        Assert.True(figures.FirstNumber >= MinFirstNumber, $"Third-holdout first number {figures.FirstNumber:P1} is below {MinFirstNumber:P0}.\n{figures.Report}");
    }

    /// <summary>
    /// The fourth holdout (HOLDOUT4.md): 130 first messages an outside tester (a helper session that had not read the
    /// rules, the model or the other sets when it typed them) sent to the running web chat and Telegram on 2026-12-06,
    /// 118 danger and 12 calm, 71 of them without accents. Measured once untuned: recall 89.0 % (105/118), false alarms
    /// 41.7 % (5/12), first number right 96.2 % (101/105); all 13 misses were an unaccented other sense hiding the
    /// beating ("bi bo danh dau" read as "đánh dấu"). Tuned on since (DangerEngine.Claim, two link words, "mầm non"), so
    /// a development set now. The tester's calm rows include sextortion and a child afraid to go home after a beating,
    /// where DOMAIN.md's "in doubt, the numbers" gives 113: false alarms are held at the untuned count, not at 10 %.
    /// </summary>
    private const double UntunedFalseAlarmsOnTheFourthHoldout = 5.0 / 12;

    [Fact]
    public void Detector_MeetsTheTargets_OnTheOutsideTestersMessages()
    {
        var rows = Read("danger-holdout4.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);

        Assert.True(figures.Recall >= MinRecall, $"Fourth-holdout recall {figures.Recall:P1} is below {MinRecall:P0}.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= UntunedFalseAlarmsOnTheFourthHoldout, $"Fourth-holdout false alarms {figures.FalseAlarms:P1} are above the untuned {UntunedFalseAlarmsOnTheFourthHoldout:P1}.\n{figures.Report}");
        Assert.True(figures.FirstNumber >= MinFirstNumber, $"Fourth-holdout first number {figures.FirstNumber:P1} is below {MinFirstNumber:P0}.\n{figures.Report}");
    }

    [Fact]
    public void EvaluationSet_HasTheCountsIssue15AsksFor()
    {
        var rows = Read("danger-eval.tsv");

        Assert.True(rows.Count(r => r.Danger) >= 150, "at least 150 danger messages");
        Assert.True(rows.Count(r => !r.Danger) >= 80, "at least 80 calm messages");
        Assert.All(rows.Where(r => r.Danger), r => Assert.True(r.First is 113 or 115, r.Text));
    }

    internal static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Directory", "Evaluation", file);

    internal static IReadOnlyList<EvaluationRow> Read(string file)
    {
        var lines = File.ReadAllLines(PathOf(file), Encoding.UTF8);
        Assert.Equal("label\tfamily\tfirst\tstyle\ttext", lines[0]);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(f => new EvaluationRow(
            f[0] == "danger", f[1], f[2] == "-" ? 0 : int.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4]))];
    }

    internal static EvaluationFigures Evaluate(IReadOnlyList<EvaluationRow> rows, Func<string, DangerResult> detect)
    {
        var results = rows.Select(r => (Row: r, Result: detect(r.Text))).ToList();
        var danger = results.Where(x => x.Row.Danger).ToList();
        var calm = results.Where(x => !x.Row.Danger).ToList();
        var found = danger.Where(x => x.Result.IsDanger).ToList();
        var recall = Share(found.Count, danger.Count);
        var falseAlarms = Share(calm.Count(x => x.Result.IsDanger), calm.Count);
        var firstRight = Share(found.Count(x => (int)x.Result.First == x.Row.First), found.Count);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"recall {recall:P1} ({found.Count}/{danger.Count}) · false alarms {falseAlarms:P1} ({calm.Count(x => x.Result.IsDanger)}/{calm.Count}) · first number right {firstRight:P1} ({found.Count(x => (int)x.Result.First == x.Row.First)}/{found.Count})");
        foreach (var family in danger.GroupBy(x => x.Row.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var hit = family.Where(x => x.Result.IsDanger).ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"  family {family.Key,-10} recall {Share(hit.Count, family.Count()):P0} ({hit.Count}/{family.Count()}) · first right {hit.Count(x => (int)x.Result.First == x.Row.First)}/{hit.Count}");
        }

        foreach (var style in results.GroupBy(x => x.Row.Style).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var d = style.Where(x => x.Row.Danger).ToList();
            var c = style.Where(x => !x.Row.Danger).ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"  style {style.Key,-9} recall {d.Count(x => x.Result.IsDanger)}/{d.Count} · false alarms {c.Count(x => x.Result.IsDanger)}/{c.Count}");
        }

        foreach (var (row, result) in danger.Where(x => !x.Result.IsDanger))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  MISSED     {row.Family}/{row.First} [{row.Style}] {row.Text}");
        }

        foreach (var (row, result) in calm.Where(x => x.Result.IsDanger))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  FALSE      {result.Family}/{(int)result.First} «{result.Trigger}» [{row.Style}] {row.Text}");
        }

        foreach (var (row, result) in found.Where(x => (int)x.Result.First != x.Row.First))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  WRONG {(int)result.First} {row.Family}/{row.First} «{result.Trigger}» [{row.Style}] {row.Text}");
        }

        return new EvaluationFigures(recall, falseAlarms, firstRight, report.ToString());
    }

    // Not a timed test: the figure is printed, never asserted.
    internal static string Timing(IReadOnlyList<EvaluationRow> rows)
    {
        const int rounds = 20;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var row in rows)
            {
                EmergencyDetector.Detect(row.Text);
            }
        }

        var perMessage = watch.Elapsed.TotalMicroseconds / (rounds * rows.Count);
        process.Refresh();
        var cpuPerMessage = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / (rounds * rows.Count);
        var characters = rows.Average(r => r.Text.Length);

        var each = new List<double>(rounds * rows.Count);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var row in rows)
            {
                var start = Stopwatch.GetTimestamp();
                EmergencyDetector.Detect(row.Text);
                each.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }

        each.Sort();
        var p50 = each[each.Count / 2];
        var p99 = each[(int)(each.Count * 0.99)];

        // Wall time suffers when the machine is shared; the process's CPU time says what the detector costs.
        return string.Create(CultureInfo.InvariantCulture, $"detector: {perMessage:F1} µs per message wall (p50 {p50:F0} µs, p99 {p99:F0} µs), {cpuPerMessage:F1} µs CPU ({rows.Count} messages of {characters:F0} characters on average, {rounds} rounds)");
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

internal sealed record EvaluationRow(bool Danger, string Family, int First, string Style, string Text);

internal sealed record EvaluationFigures(double Recall, double FalseAlarms, double FirstNumber, string Report);
