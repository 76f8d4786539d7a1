namespace ChildCare.Core.Cases;

/// <summary>
/// What identifies a child or a reporter: only officials of the handling unit read it, and only sealed is it
/// stored. The reporter's chat is kept only when they agreed to be contacted. <see cref="Commune"/> is the
/// commune or ward as the reporter typed it (the case's unit says where it was routed).
/// </summary>
public sealed record CaseDetails(
    string? Village,
    string? Address,
    CaseLocation? Location,
    string? ChildName,
    int? ChildAge,
    string Description,
    IReadOnlyList<string> PhotoFileIds,
    string? SuspectDetails,
    string? ReporterName,
    string? ReporterPhone,
    string? ReporterChannel,
    long? ReporterChatId,
    string? Commune = null)
{
    /// <summary>What a reader without the right to details gets: nothing that identifies anyone.</summary>
    public static CaseDetails Withheld { get; } = new(null, null, null, null, null, "", [], null, null, null, null, null, null);
}
