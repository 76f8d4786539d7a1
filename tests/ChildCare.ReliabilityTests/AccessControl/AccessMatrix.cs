using ChildCare.ReliabilityTests.Infrastructure;

namespace ChildCare.ReliabilityTests.AccessControl;

/// <summary>
/// The rows of the access-control matrix: which channel, who asks, for what, what must come back and what did.
/// Every row is printed (and kept in the figures file); the test fails at the end, naming every failed row.
/// </summary>
internal sealed class AccessMatrix(Figures figures)
{
    private readonly List<string> _failed = [];

    public int Rows { get; private set; }

    public IReadOnlyList<string> Failed => _failed;

    public void Row(string channel, string caller, string request, string expected, string got, bool ok)
    {
        Rows++;
        var line = $"{(ok ? "ok  " : "FAIL")} {channel,-9} {caller,-26} {request,-52} expected {expected,-28} got {got}";
        figures.Note(line);
        if (!ok)
        {
            _failed.Add(line);
        }
    }
}
