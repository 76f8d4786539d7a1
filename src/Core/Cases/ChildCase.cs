namespace ChildCare.Core.Cases;

/// <summary>
/// A report about a child at risk, filed once, and the work on it (Decree 56). The columns are what a queue,
/// an alert and a reporter's status may show (code, stage, unit, category, risk); everything that identifies
/// a child or a reporter is in <see cref="SealedDetails"/>, sealed with a key that is not in the database.
/// Every change is a guarded method: an illegal one throws <see cref="CaseRuleException"/> and changes nothing.
/// </summary>
public sealed class ChildCase
{
    public const int MaxReasonLength = 500;

    /// <summary>The moves the workflow allows; closing (any open stage) and reopening have methods of their own.</summary>
    private static readonly Dictionary<CaseStage, CaseStage[]> Moves = new()
    {
        [CaseStage.Received] = [CaseStage.InitialAssessment],
        [CaseStage.InitialAssessment] = [CaseStage.EmergencyIntervention, CaseStage.DetailedAssessment],
        [CaseStage.EmergencyIntervention] = [CaseStage.DetailedAssessment],
        [CaseStage.DetailedAssessment] = [CaseStage.SupportPlan],
        [CaseStage.SupportPlan] = [CaseStage.CarryingOut],
        [CaseStage.CarryingOut] = [CaseStage.Review],
        [CaseStage.Review] = [CaseStage.SupportPlan],
        [CaseStage.Closed] = [],
    };

    // Backing fields: set once at intake, changed only by AddDetails.
    private CaseCategory _category;
    private AgeBand _ageBand;
    private ChildSex _childSex;
    private SuspectRelation _suspect;
    private bool _anonymous;
    private bool _contactConsent;
    private int _photoCount;
    private byte[] _sealedDetails = [];

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

    public CaseStage Stage { get; private set; } = CaseStage.Received;

    public string? ProvinceCode { get; init; }

    /// <summary>
    /// The commune or ward as the reporter wrote it, on cases filed before it was sealed into the details; the
    /// purge job moves it there. New cases keep it in <see cref="SealedDetails"/> only.
    /// </summary>
    public string? LegacyCommune { get; set; }

    public required CaseCategory Category { get => _category; init => _category = value; }

    public required bool DangerNow { get; init; }

    public required AgeBand AgeBand { get => _ageBand; init => _ageBand = value; }

    public required ChildSex ChildSex { get => _childSex; init => _childSex = value; }

    public required SuspectRelation Suspect { get => _suspect; init => _suspect = value; }

    public required bool Anonymous { get => _anonymous; init => _anonymous = value; }

    public required bool ContactConsent { get => _contactConsent; init => _contactConsent = value; }

    public required int PhotoCount { get => _photoCount; init => _photoCount = value; }

    /// <summary><see cref="CaseDetails"/> as JSON, sealed for <see cref="SubmissionId"/>.</summary>
    public required byte[] SealedDetails { get => _sealedDetails; init => _sealedDetails = value; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The unit handling the case: the child's commune or ward, else the province; null until routed or when nothing fits.</summary>
    public long? UnitId { get; private set; }

    public DateTimeOffset? RoutedAt { get; private set; }

    /// <summary>Null until someone assesses it; a report of danger now starts as high.</summary>
    public RiskLevel? Risk { get; private set; }

    public long? AssigneeId { get; private set; }

    public DateTimeOffset? AssignedAt { get; private set; }

    /// <summary>The emergency limit of the handling unit when the case was routed (12 hours, or the unit's own).</summary>
    public int EmergencyHours { get; private set; } = CaseClocks.DefaultEmergencyHours;

    /// <summary>When the support plan is due: 5 working days after intake, fixed at routing.</summary>
    public DateTimeOffset? PlanDueAt { get; private set; }

    public DateTimeOffset? EmergencyStartedAt { get; private set; }

    public DateTimeOffset? PlanMadeAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public long? ReferredToUnitId { get; private set; }

    /// <summary>Optimistic concurrency: two officials acting at once cannot both win.</summary>
    public int Version { get; set; }

    public bool IsOpen => Stage != CaseStage.Closed;

    /// <summary>When the emergency intervention is due: only for a high-risk case, counted in clock hours from intake.</summary>
    public DateTimeOffset? EmergencyDueAt => Risk == RiskLevel.High ? ReceivedAt.AddHours(EmergencyHours) : null;

    public IReadOnlyList<CaseStage> NextStages =>
        IsOpen && ReferredToUnitId is null
            ? [.. Moves[Stage].Where(s => s != CaseStage.EmergencyIntervention || Risk == RiskLevel.High)]
            : [];

    /// <summary>Puts the case in a unit's queue, with that unit's emergency limit and the support-plan due date.</summary>
    public void Route(long? unitId, int emergencyHours, DateTimeOffset planDueAt, DateTimeOffset now)
    {
        if (emergencyHours is < 1 or > 72)
        {
            throw new CaseRuleException("RuleEmergencyHours", $"An emergency limit of {emergencyHours} hours is outside 1-72.");
        }

        UnitId = unitId;
        EmergencyHours = emergencyHours;
        PlanDueAt = planDueAt;
        RoutedAt = now;
        Risk ??= DangerNow ? RiskLevel.High : null;
        Touch(now);
    }

    /// <summary>
    /// An administrator puts a case that found no unit at filing into a unit's queue. The clocks keep running from
    /// intake (the plan's due date stays); the emergency limit becomes the unit's.
    /// </summary>
    public void RouteLater(long unitId, int emergencyHours, DateTimeOffset now)
    {
        EnsureOpen();
        if (UnitId is not null)
        {
            throw new CaseRuleException("RuleAlreadyRouted", "The case already has a unit; refer it instead.");
        }

        Route(unitId, emergencyHours, PlanDueAt ?? now, now);
    }

    public void Take(long officialId, DateTimeOffset now)
    {
        EnsureOpen();
        AssigneeId = officialId;
        AssignedAt = now;
        Touch(now);
    }

    public void SetRisk(RiskLevel level, string? reason, DateTimeOffset now)
    {
        EnsureOpen();
        RequireReason(reason);
        Risk = level;
        Touch(now);
    }

    public void MoveTo(CaseStage target, DateTimeOffset now)
    {
        EnsureOpen();
        EnsureNoReferral();
        if (target == CaseStage.EmergencyIntervention && Risk != RiskLevel.High)
        {
            throw new CaseRuleException("RuleEmergencyNeedsHighRisk", "Emergency intervention needs the risk set to high first.");
        }

        if (!Moves[Stage].Contains(target))
        {
            throw new CaseRuleException("RuleIllegalMove", $"A case cannot move from {Stage} to {target}.");
        }

        if (target == CaseStage.EmergencyIntervention)
        {
            EmergencyStartedAt ??= now;
        }

        if (target == CaseStage.CarryingOut)
        {
            PlanMadeAt ??= now;
        }

        Stage = target;
        Touch(now);
    }

    public void Close(string? reason, DateTimeOffset now)
    {
        EnsureOpen();
        EnsureNoReferral();
        RequireReason(reason);
        Stage = CaseStage.Closed;
        ClosedAt = now;
        Touch(now);
    }

    public void Reopen(string? reason, DateTimeOffset now)
    {
        if (IsOpen)
        {
            throw new CaseRuleException("RuleNotClosed", "Only a closed case can be reopened.");
        }

        RequireReason(reason);
        Stage = CaseStage.InitialAssessment;
        ClosedAt = null;
        Touch(now);
    }

    /// <summary>Asks another unit to take the case over; it stays here until that unit accepts.</summary>
    public void Refer(long unitId, string? reason, DateTimeOffset now)
    {
        EnsureOpen();
        EnsureNoReferral();
        RequireReason(reason);
        if (unitId == UnitId)
        {
            throw new CaseRuleException("RuleReferSameUnit", "A case cannot be referred to the unit that handles it.");
        }

        ReferredToUnitId = unitId;
        Touch(now);
    }

    public void AcceptReferral(int emergencyHours, DateTimeOffset now)
    {
        var target = ReferredToUnitId ?? throw new CaseRuleException("RuleNoReferral", "The case is not referred to anyone.");
        UnitId = target;
        EmergencyHours = emergencyHours;
        ReferredToUnitId = null;
        AssigneeId = null;
        AssignedAt = null;
        Touch(now);
    }

    public void RefuseReferral(string? reason, DateTimeOffset now)
    {
        if (ReferredToUnitId is null)
        {
            throw new CaseRuleException("RuleNoReferral", "The case is not referred to anyone.");
        }

        RequireReason(reason);
        ReferredToUnitId = null;
        Touch(now);
    }

    /// <summary>
    /// What the reporter added after an urgent report was filed (form 01's other answers): the queue's coarse
    /// facts and the sealed details, resealed whole. The place, the danger and the routing stay as filed.
    /// </summary>
    public void AddDetails(CaseCategory category, AgeBand ageBand, ChildSex childSex, SuspectRelation suspect, bool anonymous, bool contactConsent, int photoCount, byte[] sealedDetails, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sealedDetails);
        _category = category;
        _ageBand = ageBand;
        _childSex = childSex;
        _suspect = suspect;
        _anonymous = anonymous;
        _contactConsent = contactConsent;
        _photoCount = photoCount;
        _sealedDetails = sealedDetails;
        Touch(now);
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new CaseRuleException("RuleClosed", "The case is closed; reopen it first.");
        }
    }

    private void EnsureNoReferral()
    {
        if (ReferredToUnitId is not null)
        {
            throw new CaseRuleException("RuleReferralPending", "The case waits for the unit it was referred to.");
        }
    }

    private static void RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 3)
        {
            throw new CaseRuleException("RuleReasonMissing", "This change needs a reason.");
        }

        if (reason.Length > MaxReasonLength)
        {
            throw new CaseRuleException("RuleReasonTooLong", $"A reason is at most {MaxReasonLength} characters.");
        }
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = now;
}
