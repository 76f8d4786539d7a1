namespace ChildCare.Core.Cases;

/// <summary>
/// A report about a child at risk, filed once. The columns are what a queue, an alert and a reporter's status
/// may show (code, stage, where, category, danger now); everything that identifies a child or a reporter is in
/// <see cref="SealedDetails"/>, sealed with a key that is not in the database.
/// </summary>
public sealed class ChildCase
{
    public long Id { get; private set; }

    public required string Code { get; init; }

    public required int Year { get; init; }

    public required long Sequence { get; init; }

    /// <summary>The draft's id: the same draft sent twice is one case.</summary>
    public required Guid SubmissionId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The channel the report came by (telegram, web).</summary>
    public required string Channel { get; init; }

    /// <summary>A keyed pseudonym of the reporter's chat: finds their own reports, says nothing about them.</summary>
    public required string ReporterKey { get; init; }

    public CaseStage Stage { get; set; } = CaseStage.Received;

    public string? ProvinceCode { get; init; }

    /// <summary>The commune or ward as the reporter wrote it: where the case is routed, shown in alerts.</summary>
    public string? Commune { get; init; }

    public required CaseCategory Category { get; init; }

    public required bool DangerNow { get; init; }

    public required AgeBand AgeBand { get; init; }

    public required ChildSex ChildSex { get; init; }

    public required SuspectRelation Suspect { get; init; }

    public required bool Anonymous { get; init; }

    public required bool ContactConsent { get; init; }

    public required int PhotoCount { get; init; }

    /// <summary><see cref="CaseDetails"/> as JSON, sealed for <see cref="SubmissionId"/>.</summary>
    public required byte[] SealedDetails { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }
}
