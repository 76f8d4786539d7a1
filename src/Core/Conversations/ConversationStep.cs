namespace ChildCare.Core.Conversations;

/// <summary>
/// Where a conversation is waiting. Stored by name, so steps can be added or reordered; a stored name that no
/// longer exists resets the conversation politely (see <see cref="ConversationState"/>).
/// </summary>
public enum ConversationStep
{
    /// <summary>Nothing asked: free text is understood as a request, anything else gets the menu.</summary>
    Idle,

    HelpProvince,

    ReportDanger,
    ReportProvince,
    ReportCommune,
    ReportVillage,
    ReportAddress,
    ReportChildAge,
    ReportChildSex,
    ReportChildName,
    ReportCategory,
    ReportDescription,
    ReportSuspect,
    ReportReporter,
    ReportReporterName,
    ReportReporterPhone,
    ReportConsent,

    /// <summary>A report of danger now: an optional phone number for a call back, the one question before it is filed.</summary>
    ReportContact,
    ReportReview,
    ReportEditPick,
}
