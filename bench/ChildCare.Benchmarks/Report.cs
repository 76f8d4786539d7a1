using System.Diagnostics;
using System.Globalization;

namespace ChildCare.Benchmarks;

/// <summary>What a benchmark prints: a title, the settings it ran with, and a table of figures.</summary>
internal sealed class Report(string title)
{
    private readonly List<string> _settings = [];
    private readonly List<(string Figure, string Value, string Note)> _rows = [];
    private readonly List<string> _goals = [];

    public void Setting(FormattableString line) => _settings.Add(FormattableString.Invariant(line));

    public void Row(string figure, FormattableString value, string note = "") => _rows.Add((figure, FormattableString.Invariant(value), note));

    /// <summary>A figure against its goal, printed after the table as "| figure | value | goal |" for scripts/bench.sh.</summary>
    public void Goal(string figure, FormattableString value, string goal) =>
        _goals.Add($"| {figure} | {FormattableString.Invariant(value)} | {goal} |");

    public void Print()
    {
        var width = (Figure: Math.Max(6, _rows.Max(r => r.Figure.Length)), Value: Math.Max(5, _rows.Max(r => r.Value.Length)));
        Console.WriteLine();
        Console.WriteLine(title);
        foreach (var line in _settings)
        {
            Console.WriteLine($"  {line}");
        }

        Console.WriteLine();
        Console.WriteLine($"  {"figure".PadRight(width.Figure)}  {"value".PadLeft(width.Value)}  note");
        Console.WriteLine($"  {new string('-', width.Figure)}  {new string('-', width.Value)}  {new string('-', 4)}");
        foreach (var (figure, value, note) in _rows)
        {
            Console.WriteLine($"  {figure.PadRight(width.Figure)}  {value.PadLeft(width.Value)}  {note}".TrimEnd());
        }

        if (_goals.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| figure | value | goal |");
            Console.WriteLine("| --- | --- | --- |");
            _goals.ForEach(Console.WriteLine);
        }
    }

    /// <summary>A line on standard error while a benchmark runs, so standard output keeps only the report.</summary>
    public static void Progress(FormattableString line) =>
        Console.Error.WriteLine($"[bench] {FormattableString.Invariant(line)}");

    public static string Megabytes(long bytes) => (bytes / 1024.0 / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>Nearest-rank percentile of values already sorted ascending.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>CPU time a process has used so far, user and system.</summary>
    public static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>The highest resident memory of a process so far (VmHWM on Linux).</summary>
    public static long PeakWorkingSet(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}
