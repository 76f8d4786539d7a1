namespace ChildCare.Core.Cases;

/// <summary>The Decree 56 stages a case moves through (DOMAIN.md). Stored by name.</summary>
public enum CaseStage
{
    Received,
    InitialAssessment,
    EmergencyIntervention,
    DetailedAssessment,
    SupportPlan,
    CarryingOut,
    Review,
    Closed,
}

/// <summary>What a reporter is told about their report: never more than this.</summary>
public enum CoarseStatus
{
    Received,
    BeingHandled,
    Closed,
}

internal static class CaseStages
{
    public static CoarseStatus Coarse(this CaseStage stage) => stage switch
    {
        CaseStage.Received => CoarseStatus.Received,
        CaseStage.Closed => CoarseStatus.Closed,
        _ => CoarseStatus.BeingHandled,
    };
}
