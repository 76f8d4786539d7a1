using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChildCare.Core.Directory;
using ChildCare.Core.Directory.Danger;
using Xunit.Abstractions;

namespace ChildCare.Core.Tests.Directory.Evaluation;

/// <summary>
/// The detector on danger-eval.tsv, a set written before tuning by someone who never saw the rules (README.md):
/// prints recall, false alarms, first-number accuracy, per family and per style, the misses, and microseconds per
/// message, and holds the figures issue 15 asks for.
/// </summary>
public sealed class DangerEvaluationTests(ITestOutputHelper output)
{
    private const double MinRecall = 0.95;
    private const double MaxFalseAlarms = 0.10;
    private const double MinFirstNumber = 0.90;

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
    /// The second holdout (HOLDOUT2.md): written by a helper who never saw the detector or the other sets, and
    /// measured once, untuned, after every rule was written: recall 79.2 % (95/120), false alarms 15.0 % (9/60),
    /// first number right 96.8 %. That is the honest figure for phrasings nobody here has seen, below issue 15's
    /// 95 % / 10 %. The floors only keep it from falling back; tune on this file and it stops being a holdout: write
    /// a fresh one first.
    /// </summary>
    [Fact]
    public void Detector_DoesNotFallBack_OnTheSecondHoldout()
    {
        var rows = Read("danger-holdout2.tsv");
        var figures = Evaluate(rows, EmergencyDetector.Detect);
        output.WriteLine(figures.Report);

        Assert.True(figures.Recall >= 0.79, $"Second-holdout recall {figures.Recall:P1} fell below 79 %.\n{figures.Report}");
        Assert.True(figures.FalseAlarms <= 0.15, $"Second-holdout false alarms {figures.FalseAlarms:P1} rose above 15 %.\n{figures.Report}");
    }

    [Fact]
    public void EvaluationSet_HasTheCountsIssue15AsksFor()
    {
        var rows = Read("danger-eval.tsv");

        Assert.True(rows.Count(r => r.Danger) >= 150, "at least 150 danger messages");
        Assert.True(rows.Count(r => !r.Danger) >= 80, "at least 80 calm messages");
        Assert.All(rows.Where(r => r.Danger), r => Assert.True(r.First is 113 or 115, r.Text));
    }

    internal static IReadOnlyList<EvaluationRow> Read(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Directory", "Evaluation", file);
        var lines = File.ReadAllLines(path, Encoding.UTF8);
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
    private static string Timing(IReadOnlyList<EvaluationRow> rows)
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

        // Wall time suffers when the machine is shared; the process's CPU time says what the detector costs.
        return string.Create(CultureInfo.InvariantCulture, $"detector: {perMessage:F1} µs per message wall, {cpuPerMessage:F1} µs CPU ({rows.Count} messages of {characters:F0} characters on average, {rounds} rounds)");
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

internal sealed record EvaluationRow(bool Danger, string Family, int First, string Style, string Text);

internal sealed record EvaluationFigures(double Recall, double FalseAlarms, double FirstNumber, string Report);
