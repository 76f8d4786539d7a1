namespace ChildCare.Core.Cases;

/// <summary>An alert sent about a case, once: (case, kind) is unique, so a watcher running twice alerts once.</summary>
public sealed class CaseAlert
{
    public required long CaseId { get; init; }

    public required CaseAlertKind Kind { get; init; }

    public required DateTimeOffset SentAt { get; init; }
}

public enum CaseAlertKind
{
    NewCase,
    EmergencyWarning,
    EmergencyExpired,
    PlanWarning,
    PlanExpired,
    UntakenToSupervisor,
    UntakenToProvince,

    /// <summary>The new-case alert again, up the tree, when every chat it went to had blocked the bot.</summary>
    NewCaseUndelivered,

    /// <summary>A case with no unit (province unknown), to the administrators who route it.</summary>
    Unrouted,
}
