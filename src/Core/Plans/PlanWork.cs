namespace ChildCare.Core.Plans;

/// <summary>
/// A count of the extractor's work (characters scanned or copied, items compared) on the current thread, so that
/// tests can show it grows with the text rather than with its square without timing anything.
/// </summary>
internal static class PlanWork
{
    [ThreadStatic]
    private static long _done;

    public static void Add(long units) => _done += units;

    /// <summary>The work one extraction of the text takes.</summary>
    public static long Of(string text)
    {
        var before = _done;
        PlanExtractor.Extract(text);
        return _done - before;
    }
}
