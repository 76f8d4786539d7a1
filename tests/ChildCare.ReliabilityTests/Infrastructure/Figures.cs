using System.Globalization;
using System.Text;
using ChildCare.Testing;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// The figures a fault test measured (in flight, lost, duplicated, time to recover...), printed to the test's
/// output and written to <c>artifacts/reliability/{name}.txt</c> when disposed, so they survive a failed
/// assertion and can be quoted.
/// </summary>
internal sealed class Figures(ITestOutputHelper output, string name) : IDisposable
{
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();

    public static string Folder => Path.Combine(RepositoryPaths.Root, "artifacts", "reliability");

    public string File => Path.Combine(Folder, name + ".txt");

    /// <summary>One figure: what, the number, and how to read it.</summary>
    public void Add(string what, FormattableString value, string? note = null) =>
        Line($"{what,-44} {value.ToString(CultureInfo.InvariantCulture),-14}{(note is null ? "" : "  " + note)}");

    /// <summary>A setting or a step, as written.</summary>
    public void Note(string text) => Line(text);

    public void Dispose()
    {
        Directory.CreateDirectory(Folder);
        string text;
        lock (_lock)
        {
            text = string.Join('\n', _lines) + "\n";
        }

        System.IO.File.WriteAllText(File, text, Encoding.UTF8);
        output.WriteLine($"figures written to {File}");
    }

    private void Line(string line)
    {
        var stamped = $"{TimeProvider.System.GetUtcNow():HH:mm:ss} {line}";
        lock (_lock)
        {
            _lines.Add(stamped);
        }

        output.WriteLine(stamped);
    }
}
