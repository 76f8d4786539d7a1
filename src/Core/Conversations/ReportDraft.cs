using ChildCare.Core.Cases;

namespace ChildCare.Core.Conversations;

/// <summary>
/// A report being written, answer by answer (Decree 56, form 01). Immutable: each answer makes a new draft.
/// <see cref="Id"/> is made when the report starts and becomes the case's submission key, so sending the
/// same draft twice (a double tap, a retried update) files one case.
/// </summary>
public sealed record ReportDraft
{
    public const int MaxPhotos = 5;

    public required Guid Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The question the report is at, kept while the person looks at something else (the menu, guidance).</summary>
    public ConversationStep At { get; init; } = ConversationStep.ReportDanger;

    public bool? DangerNow { get; init; }

    /// <summary>
    /// A child in danger now: only what an official needs to act is asked (where, what, an optional phone), then the
    /// report is filed at once; the other questions come afterwards as details added to the filed case.
    /// </summary>
    public bool Urgent { get; init; }

    /// <summary>Set once the case is filed: the draft then holds details to add to that case, not a new report.</summary>
    public string? FiledCode { get; init; }

    /// <summary>Whether the emergency numbers were already shown for this report, so they are not repeated at every answer.</summary>
    public bool EmergencyShown { get; init; }

    /// <summary>Null with <see cref="ProvinceAnswered"/> set: the reporter does not know the province.</summary>
    public string? ProvinceCode { get; init; }

    public bool ProvinceAnswered { get; init; }

    public string? Commune { get; init; }

    /// <summary>The commune or ward of the province that <see cref="Commune"/> was matched to ("Xã Cẩm Tân"); null when none was.</summary>
    public string? CommuneMatch { get; init; }

    public string? Village { get; init; }

    public string? Address { get; init; }

    public GeoPoint? Location { get; init; }

    /// <summary>Years, when typed; 0 for a baby under one.</summary>
    public int? ChildAge { get; init; }

    /// <summary>Set once the age is answered, <see cref="AgeBand.Unknown"/> when the reporter does not know it.</summary>
    public AgeBand? AgeBand { get; init; }

    public ChildSex? ChildSex { get; init; }

    public string? ChildName { get; init; }

    public CaseCategory? Category { get; init; }

    public string? Description { get; init; }

    /// <summary>
    /// Danger told where a place, a name, an age or a phone was asked ("ông ấy đang cầm dao" at the address): what
    /// happened, not that answer. It joins <see cref="Description"/> when that is given (<see cref="WhatHappened"/>).
    /// </summary>
    public string? Told { get; init; }

    /// <summary>What happened as the case will hold it: the description, then anything told out of turn.</summary>
    public string? WhatHappened => (Description, Told) switch
    {
        (null or "", null or "") => Description,
        (null or "", _) => Told,
        (_, null or "") => Description,
        _ => Description + "\n" + Told,
    };

    public IReadOnlyList<string> Photos { get; init; } = [];

    public SuspectRelation? Suspect { get; init; }

    public string? SuspectDetails { get; init; }

    public bool? Anonymous { get; init; }

    public string? ReporterName { get; init; }

    public string? ReporterPhone { get; init; }

    public bool? ContactConsent { get; init; }
}
