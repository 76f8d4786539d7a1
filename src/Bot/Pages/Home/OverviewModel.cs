using ChildCare.Bot.Pages.Exports;
using ChildCare.Core.Cases;
using ChildCare.Core.Units;

namespace ChildCare.Bot.Pages.Home;

/// <summary>What the overview shows: read by <see cref="HomeEndpoints"/>, drawn by the page.</summary>
public sealed record OverviewModel(
    DateTimeOffset Now,
    bool HasUnits,
    IReadOnlyList<CaseSummary> OpenCases,
    IReadOnlyList<OverviewDeadline> Overdue,
    IReadOnlyList<OverviewDeadline> ThisWeek,
    int Year,
    IReadOnlyList<UnitCompliance> Compliance,
    CaseAttention? Attention,
    IReadOnlyList<Unit> Unjoined,
    IReadOnlyDictionary<string, string> UnitNames,
    string? Message = null);

/// <summary>
/// A deadline of one unit, in words: its title, the unit's name, when it ends; its occurrence, and whether the reader
/// may mark it done (an official of its unit).
/// </summary>
public sealed record OverviewDeadline(string Title, string Unit, string Due, long Id = 0, bool CanMarkDone = false);
