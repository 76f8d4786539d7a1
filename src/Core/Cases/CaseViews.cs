namespace ChildCare.Core.Cases;

/// <summary>Filters of a case list; null means any.</summary>
public sealed record CaseFilter(string? UnitCode = null, CaseStage? Stage = null, RiskLevel? Risk = null, bool? Overdue = null, int Limit = 100);

/// <summary>
/// A case as a queue shows it: nothing that identifies the child or the reporter (the commune the reporter
/// typed is in the sealed <see cref="CaseDetails"/>; the queue shows the unit the case was routed to). <see cref="NextClock"/> and
/// <see cref="DueAt"/> are the clock that runs out next ("Emergency" or "Plan"), null when all are met.
/// </summary>
public sealed record CaseSummary(
    string Code,
    DateTimeOffset ReceivedAt,
    CaseStage Stage,
    RiskLevel? Risk,
    CaseCategory Category,
    bool DangerNow,
    string? UnitCode,
    string? UnitName,
    string? ProvinceCode,
    string? Assignee,
    string? NextClock,
    DateTimeOffset? DueAt,
    bool Overdue,
    string? ReferredToUnitCode);

/// <summary>The cases that need an administrator: no unit yet, or nobody in the unit's tree could be told.</summary>
public sealed record CaseAttention(IReadOnlyList<CaseSummary> NeedsRouting, IReadOnlyList<CaseSummary> Unattended);

/// <summary>A case opened by someone allowed to read it: the summary, the sealed details, and its record.</summary>
public sealed record CaseView(CaseSummary Summary, CaseDetails Details, AgeBand AgeBand, ChildSex ChildSex, SuspectRelation Suspect, bool Anonymous, bool ContactConsent, IReadOnlyList<CaseHistoryLine> History, IReadOnlyList<CaseStage> NextStages);

/// <summary>One line of a case's record as officials see it; <see cref="Text"/> is a note or reason, unsealed for them.</summary>
public sealed record CaseHistoryLine(DateTimeOffset At, string Actor, CaseAction Action, string? Detail, string? Text);

/// <summary>What an action on a case came to.</summary>
public enum CaseOutcome
{
    Done,

    /// <summary>No such case, or not one this viewer may see: the same answer, so codes cannot be probed.</summary>
    NotFound,

    /// <summary>The viewer may read the case but not act on it.</summary>
    Forbidden,

    /// <summary>The case refused the change (<see cref="CaseResult.Rule"/> says why).</summary>
    Refused,
}

public sealed record CaseResult(CaseOutcome Outcome, string? Rule = null, ChildCase? Case = null)
{
    public bool Ok => Outcome == CaseOutcome.Done;
}
