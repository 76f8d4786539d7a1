using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Officials;
using ChildCare.Core.Time;

namespace ChildCare.Core.Tests.Cases;

/// <summary>The Decree 56 workflow as guarded methods on the case, its clocks, and who may see what.</summary>
public sealed class ChildCaseTests
{
    private static readonly DateTimeOffset Intake = VietnamTime.At(new DateOnly(2026, 11, 23), new TimeOnly(21, 0));

    [Fact]
    public void MoveTo_FollowsTheLegalStages_ToClosedWithAReason()
    {
        var c = New(danger: false);
        c.MoveTo(CaseStage.InitialAssessment, Intake);
        c.MoveTo(CaseStage.DetailedAssessment, Intake);
        c.MoveTo(CaseStage.SupportPlan, Intake);
        c.MoveTo(CaseStage.CarryingOut, Intake.AddDays(3));
        c.MoveTo(CaseStage.Review, Intake.AddDays(20));
        c.Close("tre da an toan, gia dinh on dinh", Intake.AddDays(30));

        Assert.Equal(CaseStage.Closed, c.Stage);
        Assert.Equal(Intake.AddDays(3), c.PlanMadeAt);
        Assert.Null(CaseClocks.Next(c));
    }

    [Theory]
    [InlineData(CaseStage.SupportPlan)]
    [InlineData(CaseStage.Closed)]
    [InlineData(CaseStage.Review)]
    public void MoveTo_RefusesAnIllegalMove_AndChangesNothing(CaseStage target)
    {
        var c = New(danger: false);
        var error = Assert.Throws<CaseRuleException>(() => c.MoveTo(target, Intake));
        Assert.Equal("RuleIllegalMove", error.Rule);
        Assert.Equal(CaseStage.Received, c.Stage);
    }

    [Fact]
    public void EmergencyIntervention_NeedsHighRisk_AndStopsTheEmergencyClock()
    {
        var c = New(danger: false);
        c.MoveTo(CaseStage.InitialAssessment, Intake);
        Assert.Equal("RuleEmergencyNeedsHighRisk", Assert.Throws<CaseRuleException>(() => c.MoveTo(CaseStage.EmergencyIntervention, Intake)).Rule);
        Assert.DoesNotContain(CaseStage.EmergencyIntervention, c.NextStages);

        c.SetRisk(RiskLevel.High, "cha duong danh hang ngay", Intake.AddHours(1));
        Assert.Equal(Intake.AddHours(12), c.EmergencyDueAt);
        Assert.Equal("Emergency", CaseClocks.Next(c)?.Clock);
        c.MoveTo(CaseStage.EmergencyIntervention, Intake.AddHours(5));

        Assert.Equal(Intake.AddHours(5), c.EmergencyStartedAt);
        Assert.Equal("Plan", CaseClocks.Next(c)?.Clock);
    }

    [Fact]
    public void Route_ReportOfDangerNow_StartsHigh_WithTheUnitsOwnLimit()
    {
        var c = New(danger: true, emergencyHours: 8);
        Assert.Equal(RiskLevel.High, c.Risk);
        Assert.Equal(Intake.AddHours(8), c.EmergencyDueAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ok")]
    public void ChangesThatNeedAReason_AreRefusedWithout(string? reason)
    {
        var c = New(danger: false);
        Assert.Equal("RuleReasonMissing", Assert.Throws<CaseRuleException>(() => c.SetRisk(RiskLevel.Low, reason, Intake)).Rule);
        Assert.Equal("RuleReasonMissing", Assert.Throws<CaseRuleException>(() => c.Close(reason, Intake)).Rule);
        Assert.Null(c.Risk);
        Assert.True(c.IsOpen);
    }

    [Fact]
    public void ClosedCase_RefusesWork_UntilReopened()
    {
        var c = New(danger: false);
        c.Close("trung lap voi TE-2026-000001", Intake);
        Assert.Equal("RuleClosed", Assert.Throws<CaseRuleException>(() => c.Take(7, Intake)).Rule);
        Assert.Equal("RuleClosed", Assert.Throws<CaseRuleException>(() => c.MoveTo(CaseStage.InitialAssessment, Intake)).Rule);
        Assert.Empty(c.NextStages);

        c.Reopen("co thong tin moi", Intake.AddDays(1));
        Assert.Equal(CaseStage.InitialAssessment, c.Stage);
        Assert.Null(c.ClosedAt);
    }

    [Fact]
    public void Referral_WaitsForTheReceivingUnit_WhichAcceptsOrRefuses()
    {
        var c = New(danger: false);
        c.Take(7, Intake);
        Assert.Equal("RuleReferSameUnit", Assert.Throws<CaseRuleException>(() => c.Refer(1, "khong thuoc dia ban", Intake)).Rule);
        c.Refer(2, "tre da chuyen den o xa khac", Intake);
        Assert.Equal("RuleReferralPending", Assert.Throws<CaseRuleException>(() => c.MoveTo(CaseStage.InitialAssessment, Intake)).Rule);

        c.RefuseReferral("khong dung dia chi", Intake);
        Assert.Null(c.ReferredToUnitId);
        Assert.Equal(1, c.UnitId);

        c.Refer(2, "tre da chuyen den o xa khac", Intake);
        c.AcceptReferral(8, Intake);
        Assert.Equal(2, c.UnitId);
        Assert.Null(c.AssigneeId);
        Assert.Equal(8, c.EmergencyHours);
    }

    [Fact]
    public void PlanDue_IsTheEndOfTheFifthWorkingDayAfterIntake()
    {
        var calendar = new HolidayCalendar(InMemoryHolidayScheduleSource.WithOfficialSchedules());

        // Monday 23/11/2026 21:00: Tue..Fri and Mon are the five working days; due at the end of Mon 30/11.
        Assert.Equal(VietnamTime.At(new DateOnly(2026, 12, 1), TimeOnly.MinValue), CaseClocks.PlanDue(Intake, calendar));

        // Friday evening: the weekend does not count.
        var friday = VietnamTime.At(new DateOnly(2026, 11, 27), new TimeOnly(23, 30));
        Assert.Equal(VietnamTime.At(new DateOnly(2026, 12, 5), TimeOnly.MinValue), CaseClocks.PlanDue(friday, calendar));
    }

    [Fact]
    public void Viewer_CaseWorkerActsOnTheirUnit_SupervisorOnTheSubtree_ViewerOnlyReads()
    {
        var worker = CaseViewer.ForOfficial(1, [("thanh-hoa/cam-tan", OfficialRole.ChildProtection)]);
        var supervisor = CaseViewer.ForOfficial(2, [("thanh-hoa", OfficialRole.Supervisor)]);
        var viewer = CaseViewer.ForOfficial(3, [("thanh-hoa/cam-tan", OfficialRole.Viewer)]);
        var police = CaseViewer.ForOfficial(4, [("thanh-hoa/cam-tan", OfficialRole.Police)]);
        var key = CaseViewer.ForApiKey("partner", ["thanh-hoa/cam-thuy"]);

        Assert.True(worker.Can(CaseRight.Act, "thanh-hoa/cam-tan"));
        Assert.False(worker.Can(CaseRight.Read, "thanh-hoa/cam-thuy"));
        Assert.False(worker.Can(CaseRight.Read, "thanh-hoa"));
        Assert.True(supervisor.Can(CaseRight.Act, "thanh-hoa/cam-thuy"));
        Assert.False(supervisor.Can(CaseRight.Read, "thanh-hoa-moi"));
        Assert.True(viewer.Can(CaseRight.Read, "thanh-hoa/cam-tan"));
        Assert.False(viewer.Can(CaseRight.Act, "thanh-hoa/cam-tan"));
        Assert.False(police.Can(CaseRight.Read, "thanh-hoa/cam-tan"));
        Assert.True(key.Can(CaseRight.Read, "thanh-hoa/cam-thuy"));
        Assert.False(key.Can(CaseRight.Act, "thanh-hoa/cam-thuy"));
        Assert.False(key.Can(CaseRight.Read, "thanh-hoa/cam-tan"));
        Assert.False(key.Can(CaseRight.Read, null));
    }

    private static ChildCase New(bool danger, int emergencyHours = 12)
    {
        var c = new ChildCase
        {
            Code = "TE-2026-000001",
            Year = 2026,
            Sequence = 1,
            SubmissionId = Guid.NewGuid(),
            ReceivedAt = Intake,
            Channel = "telegram",
            ReporterKey = new string('a', 64),
            Category = CaseCategory.Violence,
            DangerNow = danger,
            AgeBand = AgeBand.From6To10,
            ChildSex = ChildSex.Girl,
            Suspect = SuspectRelation.Parent,
            Anonymous = true,
            ContactConsent = false,
            PhotoCount = 0,
            SealedDetails = [],
        };
        c.Route(1, emergencyHours, Intake.AddDays(7), Intake);
        return c;
    }
}
