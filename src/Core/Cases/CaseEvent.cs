namespace ChildCare.Core.Cases;

/// <summary>
/// One line of a case's record: who read or changed what, when. Never updated or deleted (the database
/// refuses it). <see cref="Detail"/> is written by the code and names no person; a reason or note someone
/// typed is in <see cref="SealedText"/>.
/// </summary>
public sealed class CaseEvent
{
    public long Id { get; private set; }

    public required long CaseId { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>"official:12", "api:dashboard", "system", "reporter".</summary>
    public required string Actor { get; init; }

    public required CaseAction Action { get; init; }

    public string? Detail { get; init; }

    public byte[]? SealedText { get; init; }
}

/// <summary>What a <see cref="CaseEvent"/> records. Stored by name.</summary>
public enum CaseAction
{
    Filed,
    Routed,
    Read,
    Taken,
    RiskSet,
    Moved,
    Closed,
    Reopened,
    Referred,
    ReferralAccepted,
    ReferralRefused,
    NoteAdded,
    Alerted,
    Escalated,
    ReporterUpdated,

    /// <summary>The reporter added form 01's other answers to an urgent report after it was filed.</summary>
    DetailsAdded,
}
