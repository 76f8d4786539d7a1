using ChildCare.Core.Officials;
using ChildCare.Core.Units;

namespace ChildCare.Core.Cases;

/// <summary>
/// Who is looking at cases and what they may do where. Officials get their rights from their units: a case
/// worker (child protection) reads and works the cases of their unit, a supervisor those of their unit and
/// every unit below it, a viewer only reads. An API key reads the units it was given (and those below).
/// </summary>
/// <remarks>
/// <c>SeesDetails</c>: whether opening a case shows what identifies the child and the reporter. Officials of the
/// handling unit do; an integration only when its key says so (<c>Api:Keys:n:Details</c>), otherwise it reads
/// the queue fields and the record without the sealed texts.
/// </remarks>
public sealed record CaseViewer(string Actor, long? OfficialId, IReadOnlyList<UnitGrant> Grants, bool SeesDetails = true)
{
    public const string AllUnits = "*";

    public static CaseViewer ForApiKey(string name, IEnumerable<string> unitCodes, bool details = false) =>
        new($"api:{name}", null, [.. unitCodes.Select(u => new UnitGrant(u, CaseRight.Read, Subtree: true))], details);

    public static CaseViewer ForOfficial(long officialId, IEnumerable<(string UnitCode, OfficialRole Role)> subscriptions) =>
        new($"official:{officialId}", officialId, [.. subscriptions.SelectMany(s => GrantsOf(s.UnitCode, s.Role))]);

    public static CaseViewer System { get; } = new("system", null, [new UnitGrant(AllUnits, CaseRight.Act, Subtree: true)]);

    public bool Can(CaseRight right, string? unitCode) =>
        Grants.Any(g => g.Right >= right && (g.UnitCode == AllUnits || (unitCode is not null && (g.Subtree ? Unit.IsWithin(unitCode, g.UnitCode) : unitCode == g.UnitCode))));

    private static IEnumerable<UnitGrant> GrantsOf(string unitCode, OfficialRole role) => role switch
    {
        OfficialRole.ChildProtection => [new UnitGrant(unitCode, CaseRight.Act, Subtree: false)],
        OfficialRole.Supervisor => [new UnitGrant(unitCode, CaseRight.Act, Subtree: true)],
        OfficialRole.Viewer => [new UnitGrant(unitCode, CaseRight.Read, Subtree: false)],
        _ => [],
    };
}

public sealed record UnitGrant(string UnitCode, CaseRight Right, bool Subtree);

/// <summary>Ordered: acting includes reading.</summary>
public enum CaseRight
{
    Read,
    Act,
}
