namespace ChildCare.Core.Cases;

/// <summary>
/// One line of a case's record: who read or changed what, when. Never updated or deleted (the database
/// refuses it). <see cref="Detail"/> is written by the code and names no person; a reason or note someone
/// typed is in <see cref="SealedText"/>. <see cref="Sequence"/> and <see cref="Chain"/> link the line to the
/// previous one of the same case with an HMAC under the privacy key, so a line changed, removed or forged in
/// the database is found by <see cref="CaseAudit.VerifyAsync"/>. Lines are added only through <see cref="CaseAudit"/>.
/// </summary>
public sealed class CaseEvent
{
    public long Id { get; private set; }

    public required long CaseId { get; init; }

    /// <summary>When; kept to the microsecond, as PostgreSQL stores it, so the chain reads back what it sealed.</summary>
    public required DateTimeOffset At { get; set; }

    /// <summary>"official:12", "api:dashboard", "system", "reporter".</summary>
    public required string Actor { get; init; }

    public required CaseAction Action { get; init; }

    public string? Detail { get; init; }

    public byte[]? SealedText { get; init; }

    /// <summary>1, 2, 3… within the case; null on lines written before the chain existed.</summary>
    public int? Sequence { get; set; }

    /// <summary>HMAC-SHA256 of this line and the previous line's chain; null on lines written before the chain existed.</summary>
    public byte[]? Chain { get; set; }

    // The order lines were made in, so lines of one save are chained in that order (not stored).
    internal long Ordinal { get; } = Interlocked.Increment(ref _made);

    private static long _made;
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
