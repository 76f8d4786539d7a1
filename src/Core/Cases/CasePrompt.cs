namespace ChildCare.Core.Cases;

/// <summary>
/// An official's chat waits for a typed reason or note about a case (after "set risk: high", "close", "note").
/// One per chat; the next text the official sends answers it, a command or a timeout drops it.
/// </summary>
public sealed class CasePrompt
{
    public required string Channel { get; init; }

    public required long ChatId { get; init; }

    public required long CaseId { get; set; }

    public required CasePromptAction Action { get; set; }

    /// <summary>The risk level or unit code the reason is for.</summary>
    public string? Argument { get; set; }

    public required DateTimeOffset ExpiresAt { get; set; }
}

public enum CasePromptAction
{
    Risk,
    Close,
    Reopen,
    Note,
    Refer,
    RefuseReferral,
}
