namespace ChildCare.Core.Cases;

/// <summary>
/// A report as the case queue takes it, whoever wrote it (the help desk's conversation builds one from its draft).
/// <see cref="SubmissionId"/> makes filing idempotent: the same report sent twice files one case. Null answers
/// are questions not answered.
/// </summary>
public sealed record CaseReport
{
    public required Guid SubmissionId { get; init; }

    public bool DangerNow { get; init; }

    public string? ProvinceCode { get; init; }

    public string? Commune { get; init; }

    public string? Village { get; init; }

    public string? Address { get; init; }

    public CaseLocation? Location { get; init; }

    public int? ChildAge { get; init; }

    public AgeBand? AgeBand { get; init; }

    public ChildSex? ChildSex { get; init; }

    public string? ChildName { get; init; }

    public CaseCategory? Category { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> Photos { get; init; } = [];

    public SuspectRelation? Suspect { get; init; }

    public string? SuspectDetails { get; init; }

    /// <summary>Null (not answered) counts as anonymous.</summary>
    public bool? Anonymous { get; init; }

    public string? ReporterName { get; init; }

    public string? ReporterPhone { get; init; }

    public bool? ContactConsent { get; init; }
}
