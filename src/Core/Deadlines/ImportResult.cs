namespace ChildCare.Core.Deadlines;

/// <summary>What an import did, or why it did nothing (<see cref="Problems"/> not empty: nothing was saved).</summary>
public sealed record ImportResult(int UnitsAdded, int UnitsUpdated, int RulesAdded, int RulesUpdated, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public static ImportResult Failed(IReadOnlyList<string> problems) => new(0, 0, 0, 0, problems);
}
