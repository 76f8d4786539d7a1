using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Time;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Cases;

/// <summary>Routing, access, the record and the clock watcher on a real database.</summary>
public sealed class CaseQueueTests
{
    // Monday 23/11/2026 09:00 in Vietnam.
    private static readonly DateTimeOffset Start = VietnamTime.At(new DateOnly(2026, 11, 23), new TimeOnly(9, 0)).ToUniversalTime();

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task File_SaysWhetherAnyoneWhereTheChildLivesCanBeTold(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var intake = host.Services.GetRequiredService<CaseIntake>();
        async Task<bool> ReachedAsync(string? province, string? commune) =>
            Assert.IsType<ReportFiled>(await intake.FileAsync(Draft(province, commune), "telegram", 5555, CancellationToken.None)).Reached;

        Assert.True(await ReachedAsync("thanh-hoa", "xa cam tan"));
        Assert.False(await ReachedAsync(null, null));

        // The commune's case worker and both supervisors above it blocked the bot: nobody in its tree can be told.
        await using (var db = host.Db())
        {
            foreach (var official in new[] { Host.Worker, Host.Supervisor, Host.ProvinceSupervisor })
            {
                db.UnreachableChats.Add(new Core.Messaging.ChatReachability { Channel = "telegram", ChatId = 9000 + official, Since = Start, Reason = "blocked" });
            }

            await db.SaveChangesAsync();
        }

        Assert.False(await ReachedAsync("thanh-hoa", "xa cam tan"));
        Assert.True(await ReachedAsync("thanh-hoa", "xa cam thuy"));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task File_RoutesToTheCommune_ElseTheProvince_ElseNowhere(string provider)
    {
        await using var host = await Host.StartAsync(provider);

        var commune = await host.FileAsync(Draft("thanh-hoa", "xa cam tan"));
        var unknownCommune = await host.FileAsync(Draft("thanh-hoa", "xa khong co"));
        var noProvince = await host.FileAsync(Draft(null, null));

        Assert.Equal(host.Unit("thanh-hoa/cam-tan"), commune.UnitId);
        Assert.Equal(host.Unit("thanh-hoa"), unknownCommune.UnitId);
        Assert.Null(noProvince.UnitId);
        Assert.Equal(RiskLevel.High, commune.Risk);
        Assert.Equal(VietnamTime.At(new DateOnly(2026, 12, 1), TimeOnly.MinValue), commune.PlanDueAt);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Watch_AlertsTheCommune_ThenEscalatesAnUntakenHighRiskCase_ThenWarnsOfTheClock(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var filed = await host.FileAsync(Draft("thanh-hoa", "Cẩm Tân"));

        Assert.Equal(1, await host.Watch.RunOnceAsync(CancellationToken.None));
        Assert.Equal([Host.Worker], await host.AlertedAsync(CaseAlertKind.NewCase));
        Assert.Equal(0, await host.Watch.RunOnceAsync(CancellationToken.None));

        host.Time.Advance(TimeSpan.FromMinutes(31));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Supervisor], await host.AlertedAsync(CaseAlertKind.UntakenToSupervisor));

        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.ProvinceSupervisor], await host.AlertedAsync(CaseAlertKind.UntakenToProvince));

        // Taken: the clocks still run. Two hours before the 12-hour limit, the taker and the supervisor hear it.
        Assert.True((await host.Desk.TakeAsync(await host.ViewerAsync(Host.Worker), filed.Code, CancellationToken.None)).Ok);
        host.Time.Advance(TimeSpan.FromHours(9));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Worker, Host.Supervisor], await host.AlertedAsync(CaseAlertKind.EmergencyWarning));
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Worker, Host.Supervisor], await host.AlertedAsync(CaseAlertKind.EmergencyExpired));

        await using var db = host.Db();
        var record = await db.CaseEvents.Where(e => e.CaseId == filed.Id).Select(e => e.Action).ToListAsync();
        Assert.Equal([CaseAction.Filed, CaseAction.Routed, CaseAction.Alerted, CaseAction.Escalated, CaseAction.Escalated, CaseAction.Taken, CaseAction.Alerted, CaseAction.Alerted], record);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task CheckCase_SendsWhatIsOwedOnce_AndNothingBeforeItsMomentOrAfterItPassed(string provider)
    {
        var clocks = new RecordingClockJobs();
        await using var host = await Host.StartAsync(provider, clocks);
        var filed = await host.FileAsync(Draft("thanh-hoa", "Cẩm Tân"));
        Assert.Equal([filed.Id], clocks.Changed);

        // The job enqueued at filing, run twice (a retry, a second node): one alert.
        Assert.Equal(1, await host.Watch.CheckCaseAsync(filed.Id, CancellationToken.None));
        Assert.Equal(0, await host.Watch.CheckCaseAsync(filed.Id, CancellationToken.None));
        Assert.Equal([Host.Worker], await host.AlertedAsync(CaseAlertKind.NewCase));

        // The untaken escalation's job, a minute early then on time.
        host.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await host.Watch.CheckCaseAsync(filed.Id, CancellationToken.None));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await host.Watch.CheckCaseAsync(filed.Id, CancellationToken.None));
        Assert.Equal([Host.Supervisor], await host.AlertedAsync(CaseAlertKind.UntakenToSupervisor));

        // Taken before the province's moment: that job finds nothing to do.
        Assert.True((await host.Desk.TakeAsync(await host.ViewerAsync(Host.Worker), filed.Code, CancellationToken.None)).Ok);
        host.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await host.Watch.CheckCaseAsync(filed.Id, CancellationToken.None));
        Assert.Empty(await host.AlertedAsync(CaseAlertKind.UntakenToProvince));

        // Closed: the emergency warning's job sends nothing; a case that does not exist is no error.
        Assert.True((await host.Desk.CloseAsync(await host.ViewerAsync(Host.Worker), filed.Code, "test", CancellationToken.None)).Ok);
        host.Time.Advance(TimeSpan.FromHours(9));
        Assert.Equal(0, await host.Watch.CheckCaseAsync(filed.Id, CancellationToken.None));
        Assert.Equal(0, await host.Watch.CheckCaseAsync(filed.Id + 1000, CancellationToken.None));
        Assert.Empty(await host.AlertedAsync(CaseAlertKind.EmergencyWarning));
    }

    [Fact]
    public async Task Moments_AreEachClockAhead_AndTheSweepFindsThoseDueBeforeItsNextRound()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var filed = await host.FileAsync(Draft("thanh-hoa", "Cẩm Tân"));

        var moments = CaseClocks.Moments(filed, CaseSettings.Default, Start);

        Assert.Equal(
            new[] { Start.AddMinutes(30), Start.AddMinutes(60), Start.AddHours(10), Start.AddHours(12), filed.PlanDueAt!.Value.AddHours(-24), filed.PlanDueAt!.Value },
            moments);
        Assert.Equal([Start.AddHours(12), filed.PlanDueAt!.Value.AddHours(-24), filed.PlanDueAt!.Value], CaseClocks.Moments(filed, CaseSettings.Default, Start.AddHours(10)));

        // Ten hours on, 30 s before the 12-hour limit's warning: the sweep finds that moment and no other.
        host.Time.Advance(TimeSpan.FromHours(10) - TimeSpan.FromSeconds(30));
        var upcoming = await host.Watch.UpcomingAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
        Assert.Equal([(filed.Id, Start.AddHours(10))], upcoming);
    }

    [Fact]
    public async Task Watch_DigestsAFloodOfNewCasesIntoOneMessage_AndWarnsTheAdministrators()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await using (var db = host.Db())
        {
            db.Officials.Add(new Official { Id = 5, Channel = "telegram", ChatId = 9005, Language = Language.Vi, JoinedAt = Start, IsAdministrator = true });
            await db.SaveChangesAsync();
        }

        // 15 ordinary reports for one commune within minutes (more than the 10 of CaseSettings.Default), one urgent.
        for (var i = 0; i < 15; i++)
        {
            await host.FileAsync(Draft("thanh-hoa", "cam tan") with { DangerNow = false });
            host.Time.Advance(TimeSpan.FromSeconds(20));
        }

        var urgent = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        await host.Watch.RunOnceAsync(CancellationToken.None);

        await using var check = host.Db();
        var sealer = host.Services.GetRequiredService<Sealer>();
        var toWorker = (await check.OutboxMessages.AsNoTracking().Where(m => m.ChatId == 9000 + Host.Worker && m.Purpose == "case-alert").ToListAsync())
            .Select(m => m.Opened(sealer).Text).ToList();
        Assert.Equal(2, toWorker.Count);
        Assert.Contains(toWorker, t => t.Contains("15 vụ việc mới", StringComparison.Ordinal));
        Assert.Contains(toWorker, t => t.Contains(urgent.Code, StringComparison.Ordinal) && !t.Contains("vụ việc mới</b> cho", StringComparison.Ordinal));
        Assert.Equal(1, await check.OutboxMessages.CountAsync(m => m.ChatId == 9005 && m.Purpose == "case-flood"));
        Assert.Equal(0, await host.Watch.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Desk_RecordsNoSecondRead_OnThePageRightAfterTheReadersOwnChange_OnlyThen()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var worker = await host.ViewerAsync(Host.Worker);
        var supervisor = await host.ViewerAsync(Host.ProvinceSupervisor);
        static int Reads(CaseView? view) => view!.History.Count(h => h.Action == CaseAction.Read);

        Assert.Equal(1, Reads(await host.Desk.GetAsync(worker, filed.Code, CancellationToken.None)));
        Assert.True((await host.Desk.TakeAsync(worker, filed.Code, CancellationToken.None)).Ok);
        Assert.Equal(1, Reads(await host.Desk.GetAsync(worker, filed.Code, afterOwnChange: true, CancellationToken.None)));

        // The case's last line decides, not the caller: someone else's "after my change" is a read, and so is the
        // worker's once the last line is no longer their change.
        Assert.Equal(2, Reads(await host.Desk.GetAsync(supervisor, filed.Code, afterOwnChange: true, CancellationToken.None)));
        Assert.Equal(3, Reads(await host.Desk.GetAsync(worker, filed.Code, afterOwnChange: true, CancellationToken.None)));
        Assert.Equal(4, Reads(await host.Desk.GetAsync(worker, filed.Code, CancellationToken.None)));
    }

    [Fact]
    public async Task Desk_AnotherCommunesOfficial_FindsNothing_AndEveryReadIsRecorded()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan") with { ChildName = "Hoa" });
        var other = await host.ViewerAsync(Host.OtherWorker);
        var worker = await host.ViewerAsync(Host.Worker);
        var supervisor = await host.ViewerAsync(Host.ProvinceSupervisor);

        Assert.Null(await host.Desk.GetAsync(other, filed.Code, CancellationToken.None));
        Assert.Equal(CaseOutcome.NotFound, (await host.Desk.TakeAsync(other, filed.Code, CancellationToken.None)).Outcome);
        Assert.Empty(await host.Desk.ListAsync(other, new CaseFilter(), CancellationToken.None));

        var seen = await host.Desk.GetAsync(worker, filed.Code, CancellationToken.None);
        Assert.Equal("Hoa", seen!.Details.ChildName);
        Assert.Single(await host.Desk.ListAsync(supervisor, new CaseFilter(UnitCode: "thanh-hoa"), CancellationToken.None));
        Assert.True((await host.Desk.SetRiskAsync(supervisor, filed.Code, RiskLevel.Medium, "da co nguoi than cham soc", CancellationToken.None)).Ok);

        var refused = await host.Desk.MoveAsync(worker, filed.Code, CaseStage.SupportPlan, CancellationToken.None);
        Assert.Equal(CaseOutcome.Refused, refused.Outcome);
        Assert.Equal("RuleIllegalMove", refused.Rule);

        await host.Desk.AddNoteAsync(worker, filed.Code, "Da goi dien cho nha truong", CancellationToken.None);
        var history = (await host.Desk.GetAsync(worker, filed.Code, CancellationToken.None))!.History;
        Assert.Equal(2, history.Count(h => h.Action == CaseAction.Read));
        Assert.Contains(history, h => h.Action == CaseAction.RiskSet && h.Detail == "High→Medium" && h.Text == "da co nguoi than cham soc" && h.Actor == $"official:{Host.ProvinceSupervisor}");
        Assert.Contains(history, h => h.Action == CaseAction.NoteAdded && h.Text == "Da goi dien cho nha truong");
    }

    [Fact]
    public async Task File_InAWardWithItsOwnLimit_UsesIt()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await using (var db = host.Db())
        {
            await db.Units.Where(u => u.Code == "thanh-hoa/cam-tan").ExecuteUpdateAsync(u => u.SetProperty(x => x.EmergencyHours, 8));
        }

        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));

        Assert.Equal(8, filed.EmergencyHours);
        Assert.Equal(filed.ReceivedAt.AddHours(8), filed.EmergencyDueAt);
    }

    [Fact]
    public async Task Reporter_WhoAgreedToBeContacted_HearsCoarseStatusChanges_OthersDoNot()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var named = await host.FileAsync(Draft("thanh-hoa", "cam tan") with { Anonymous = false, ReporterName = "Lan", ReporterPhone = "0912345678", ContactConsent = true });
        var anonymous = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var worker = await host.ViewerAsync(Host.Worker);

        foreach (var code in new[] { named.Code, anonymous.Code })
        {
            await host.Desk.MoveAsync(worker, code, CaseStage.InitialAssessment, CancellationToken.None);
            await host.Desk.MoveAsync(worker, code, CaseStage.DetailedAssessment, CancellationToken.None);
            await host.Desk.CloseAsync(worker, code, "da ho tro xong", CancellationToken.None);
        }

        await using var db = host.Db();
        var sealer = host.Services.GetRequiredService<Sealer>();
        var told = (await db.OutboxMessages.AsNoTracking().Where(m => m.Purpose == "case-reporter").ToListAsync()).Select(m => m.Opened(sealer)).ToList();
        Assert.Equal(2, told.Count);
        Assert.All(told, m => Assert.Equal(5555, m.ChatId));
        Assert.Contains(told, m => m.Text.Contains("Đang được xử lý", StringComparison.Ordinal) && m.Text.Contains(named.Code, StringComparison.Ordinal));
        Assert.Contains(told, m => m.Text.Contains("Đã kết thúc", StringComparison.Ordinal));
        Assert.DoesNotContain(told, m => m.Text.Contains(anonymous.Code, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Record_CannotBeEditedOrDeleted_ByAnyone(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        await using var db = host.Db();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE case_events SET actor = 'someone else'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM case_events"));
        Assert.Equal(2, await db.CaseEvents.CountAsync());
    }

    [Fact]
    public async Task Watch_CaseInAUnitWithNoOfficials_AlertsTheProvincesSupervisor_AndTheRecordSaysSo()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await using (var db = host.Db())
        {
            await db.Subscriptions.Where(s => s.UnitId == host.Unit("thanh-hoa/cam-thuy")).ExecuteDeleteAsync();
        }

        var filed = await host.FileAsync(Draft("thanh-hoa", "cam thuy"));
        await host.Watch.RunOnceAsync(CancellationToken.None);

        Assert.Equal([Host.ProvinceSupervisor], await host.AlertedAsync(CaseAlertKind.NewCase));
        await using var check = host.Db();
        var alerted = await check.CaseEvents.SingleAsync(e => e.CaseId == filed.Id && e.Action == CaseAction.Alerted);
        Assert.Equal("NewCase|Province|1|telegram", alerted.Detail);
        var attention = await host.Desk.AttentionAsync(CancellationToken.None);
        Assert.Empty(attention.Unattended);
    }

    [Fact]
    public async Task Watch_NobodyReachableInTheTree_RecordsThatNobodyWasTold_AndListsTheCaseAsUnattended()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await using (var db = host.Db())
        {
            // The commune's worker and supervisor blocked the bot; the province's supervisor left.
            db.UnreachableChats.AddRange(
                new Core.Messaging.ChatReachability { Channel = "telegram", ChatId = 9000 + Host.Worker, Since = Start, Reason = "blocked" },
                new Core.Messaging.ChatReachability { Channel = "telegram", ChatId = 9000 + Host.Supervisor, Since = Start, Reason = "blocked" });
            await db.SaveChangesAsync();
            await db.Subscriptions.Where(s => s.OfficialId == Host.ProvinceSupervisor).ExecuteDeleteAsync();
        }

        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        Assert.Equal(1, await host.Watch.RunOnceAsync(CancellationToken.None));

        Assert.Empty(await host.AlertedAsync(CaseAlertKind.NewCase));
        await using var check = host.Db();
        var alerted = await check.CaseEvents.SingleAsync(e => e.CaseId == filed.Id && e.Action == CaseAction.Alerted);
        Assert.Equal("NewCase|Administrators|0|-", alerted.Detail);
        var attention = await host.Desk.AttentionAsync(CancellationToken.None);
        Assert.Equal([filed.Code], attention.Unattended.Select(c => c.Code));
        Assert.Empty(attention.NeedsRouting);

        // Once someone in the unit takes it, it is attended.
        Assert.True((await host.Desk.TakeAsync(await host.ViewerAsync(Host.Worker), filed.Code, CancellationToken.None)).Ok);
        Assert.Empty((await host.Desk.AttentionAsync(CancellationToken.None)).Unattended);
    }

    [Fact]
    public async Task Watch_NewCaseAlertThatCameBackUnreachable_GoesAgainToTheNextOneUp()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Worker], await host.AlertedAsync(CaseAlertKind.NewCase));

        // Sending showed that the worker blocked the bot (what the outbox records then).
        await using (var db = host.Db())
        {
            await db.OutboxMessages.Where(m => m.Purpose == "case-alert").ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, Core.Messaging.OutboxStatus.Unreachable));
            db.UnreachableChats.Add(new Core.Messaging.ChatReachability { Channel = "telegram", ChatId = 9000 + Host.Worker, Since = Start, Reason = "blocked" });
            await db.SaveChangesAsync();
        }

        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Supervisor], await host.AlertedAsync(CaseAlertKind.NewCaseUndelivered));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Supervisor], await host.AlertedAsync(CaseAlertKind.NewCaseUndelivered));
        await using var check = host.Db();
        Assert.Contains("NewCaseUndelivered|Supervisors|1|telegram", await check.CaseEvents.Where(e => e.CaseId == filed.Id).Select(e => e.Detail).ToListAsync());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Route_ByAnAdministrator_PutsAnUnroutedCaseInTheUnit_RecordsIt_AndTheUnitIsAlerted(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var filed = await host.FileAsync(Draft(null, null));
        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Empty(await host.AlertedAsync(CaseAlertKind.NewCase));
        Assert.Equal([filed.Code], (await host.Desk.AttentionAsync(CancellationToken.None)).NeedsRouting.Select(c => c.Code));

        // Only an administrator may; an official of the unit finds nothing.
        Assert.Equal(CaseOutcome.NotFound, (await host.Desk.RouteAsync(Host.Worker, filed.Code, "thanh-hoa/cam-tan", CancellationToken.None)).Outcome);
        Assert.Equal("RuleUnknownUnit", (await host.Desk.RouteAsync(Host.WebAdministrator, filed.Code, "thanh-hoa/nowhere", CancellationToken.None)).Rule);
        Assert.True((await host.Desk.RouteAsync(Host.WebAdministrator, filed.Code, "thanh-hoa/cam-tan", CancellationToken.None)).Ok);
        Assert.Equal("RuleAlreadyRouted", (await host.Desk.RouteAsync(Host.WebAdministrator, filed.Code, "thanh-hoa/cam-thuy", CancellationToken.None)).Rule);

        await host.Watch.RunOnceAsync(CancellationToken.None);
        Assert.Equal([Host.Worker], await host.AlertedAsync(CaseAlertKind.NewCase));
        Assert.Empty((await host.Desk.AttentionAsync(CancellationToken.None)).NeedsRouting);
        await using var db = host.Db();
        var routed = await db.CaseEvents.Where(e => e.CaseId == filed.Id && e.Action == CaseAction.Routed).OrderBy(e => e.Id).Select(e => new { e.Actor, e.Detail }).ToListAsync();
        Assert.Equal(("system", "-"), (routed[0].Actor, routed[0].Detail));
        Assert.Equal(($"official:{Host.WebAdministrator}", "thanh-hoa/cam-tan"), (routed[1].Actor, routed[1].Detail));
        var moved = await db.Cases.SingleAsync(c => c.Id == filed.Id);
        Assert.Equal(host.Unit("thanh-hoa/cam-tan"), moved.UnitId);
        Assert.Equal(filed.PlanDueAt, moved.PlanDueAt);
    }

    private static ReportDraft Draft(string? province, string? commune) => new()
    {
        Id = Guid.NewGuid(),
        StartedAt = Start,
        DangerNow = true,
        ProvinceCode = province,
        ProvinceAnswered = true,
        Commune = commune,
        AgeBand = AgeBand.From6To10,
        ChildSex = ChildSex.Girl,
        Category = CaseCategory.Violence,
        Description = "chau bi danh hang ngay",
        Suspect = SuspectRelation.Parent,
        Anonymous = true,
    };

    /// <summary>REPLACE INTO on SQLite deleted the row it replaced without firing the delete trigger.</summary>
    [Fact]
    public async Task Record_ReplaceInto_IsRefused_OnSqlite()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        await using var db = host.Db();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            "REPLACE INTO case_events (id, case_id, at, actor, action, detail) SELECT id, case_id, at, 'forger', action, detail FROM case_events WHERE id = (SELECT min(id) FROM case_events)"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
            "INSERT OR REPLACE INTO case_events (id, case_id, at, actor, action) SELECT id, case_id, at, 'forger', action FROM case_events"));

        Assert.Equal(["reporter", "system"], await db.CaseEvents.OrderBy(e => e.Id).Select(e => e.Actor).ToListAsync());
    }

    /// <summary>TRUNCATE on PostgreSQL fires no row trigger: it wiped the record, also cascaded from cases.</summary>
    [Fact]
    public async Task Record_Truncate_IsRefused_OnPostgres()
    {
        await using var host = await Host.StartAsync(TestDatabase.Postgres);
        await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        await using var db = host.Db();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE case_events"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE cases CASCADE"));

        Assert.Equal(2, await db.CaseEvents.CountAsync());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Audit_FindsEveryTampering_WhenTheTriggersAreBypassed(string provider)
    {
        await using var host = await Host.StartAsync(provider);
        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var other = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var worker = await host.ViewerAsync(Host.Worker);
        await host.Desk.TakeAsync(worker, filed.Code, CancellationToken.None);
        await host.Desk.AddNoteAsync(worker, filed.Code, "goi dien cho gia dinh", CancellationToken.None);
        await host.Desk.GetAsync(worker, filed.Code, CancellationToken.None);
        await host.Desk.MoveAsync(worker, filed.Code, CaseStage.InitialAssessment, CancellationToken.None);
        var audit = host.Services.GetRequiredService<CaseAudit>();
        await using var db = host.Db();
        var intact = await audit.VerifyAsync(db, CancellationToken.None);
        Assert.True(intact.Intact, string.Join("; ", intact.Breaks));
        Assert.Equal((2, 8, 0), (intact.Cases, intact.Lines, intact.Unchained));
        var lines = await db.CaseEvents.Where(e => e.CaseId == filed.Id).OrderBy(e => e.Sequence).Select(e => e.Id).ToListAsync();
        var otherFirst = await db.CaseEvents.Where(e => e.CaseId == other.Id).OrderBy(e => e.Sequence).Select(e => e.Id).FirstAsync();

        // Someone with the owner's rights switches the triggers off: an edit, a removal and a forged line.
        await db.Database.ExecuteSqlRawAsync(provider == TestDatabase.Postgres
            ? "ALTER TABLE case_events DISABLE TRIGGER USER"
            : "DROP TRIGGER case_events_no_update; DROP TRIGGER case_events_no_delete; DROP TRIGGER case_events_no_replace;");
        await db.Database.ExecuteSqlAsync($"UPDATE case_events SET actor = 'official:4' WHERE id = {lines[2]}");
        await db.Database.ExecuteSqlAsync($"DELETE FROM case_events WHERE id = {lines[3]}");
        await db.Database.ExecuteSqlAsync($"UPDATE case_events SET detail = 'thanh-hoa/cam-thuy' WHERE id = {otherFirst}");
        var forged = new byte[32];
        await db.Database.ExecuteSqlAsync($"INSERT INTO case_events (case_id, at, actor, action, sequence, chain) SELECT case_id, at, 'official:4', 'Read', 99, {forged} FROM case_events WHERE id = {lines[0]}");

        var report = await audit.VerifyAsync(db, CancellationToken.None);
        Assert.False(report.Intact);
        Assert.Contains(report.Breaks, b => b.LineId == lines[2] && b.Problem.Contains("altered", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.LineId == lines[4] && b.Problem.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(report.Breaks, b => b.LineId == otherFirst && b.CaseCode == other.Code);
        Assert.Contains(report.Breaks, b => b.CaseCode == filed.Code && b.Problem.Contains("written without the key", StringComparison.Ordinal) && !lines.Contains(b.LineId));
    }

    [Fact]
    public async Task Audit_ChainsLinesWrittenAtOnce_WithoutABreak()
    {
        await using var host = await Host.StartAsync(TestDatabase.Postgres);
        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var worker = await host.ViewerAsync(Host.Worker);

        // Reads record a line each without touching the case: twenty at once race for the same place in the chain.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Desk.GetAsync(worker, filed.Code, CancellationToken.None)));

        await using var db = host.Db();
        var report = await host.Services.GetRequiredService<CaseAudit>().VerifyAsync(db, CancellationToken.None);
        Assert.True(report.Intact, string.Join("; ", report.Breaks));
        Assert.Equal(22, report.Lines);
    }

    /// <summary>
    /// Every action on a case of another unit answers exactly as for a code that does not exist: referring by a
    /// typed name once said "no such commune" for an existing case (in its province) and "not found" otherwise.
    /// </summary>
    [Fact]
    public async Task Desk_EveryActionOnAnotherUnitsCase_AnswersExactlyAsForAMissingCode()
    {
        await using var host = await Host.StartAsync(TestDatabase.Sqlite);
        var filed = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var referred = await host.FileAsync(Draft("thanh-hoa", "cam tan"));
        var worker = await host.ViewerAsync(Host.Worker);
        Assert.True((await host.Desk.ReferByNameAsync(worker, referred.Code, "cam thuy", "gan nha hon", CancellationToken.None)).Ok);
        var outsider = CaseViewer.ForOfficial(99, [("ha-noi/hoan-kiem", OfficialRole.Supervisor)]);
        const string Missing = "TE-2026-999999";

        // Cẩm Thủy's worker may read the case referred to Cẩm Thủy (to answer the referral), not the other one.
        foreach (var (viewer, code) in new[] { (await host.ViewerAsync(Host.OtherWorker), filed.Code), (outsider, filed.Code), (outsider, referred.Code) })
        {
            {
                foreach (var (name, act) in Actions(host.Desk, viewer))
                {
                    var missing = await act(Missing);
                    var foreign = await act(code);
                    Assert.True(missing == foreign, $"{name} on another unit's case answered {foreign}, on a missing code {missing}");
                }
            }
        }

        static (string, Func<string, Task<string>>)[] Actions(CaseDesk desk, CaseViewer viewer)
        {
            var none = CancellationToken.None;
            static string Of(CaseResult r) => $"{r.Outcome}/{r.Rule}";
            return
            [
                ("get", async c => (await desk.GetAsync(viewer, c, none)) is null ? "null" : "view"),
                ("peek", async c => Of(await desk.PeekAsync(viewer, c, none))),
                ("take", async c => Of(await desk.TakeAsync(viewer, c, none))),
                ("risk", async c => Of(await desk.SetRiskAsync(viewer, c, RiskLevel.Low, "ly do", none))),
                ("move", async c => Of(await desk.MoveAsync(viewer, c, CaseStage.InitialAssessment, none))),
                ("close", async c => Of(await desk.CloseAsync(viewer, c, "ly do", none))),
                ("reopen", async c => Of(await desk.ReopenAsync(viewer, c, "ly do", none))),
                ("note", async c => Of(await desk.AddNoteAsync(viewer, c, "ghi chu", none))),
                ("refer to a unit", async c => Of(await desk.ReferAsync(viewer, c, "thanh-hoa/cam-thuy", "ly do", none))),
                ("refer to no unit", async c => Of(await desk.ReferAsync(viewer, c, "nowhere", "ly do", none))),
                ("refer by a commune of its province", async c => Of(await desk.ReferByNameAsync(viewer, c, "cam thuy", "ly do", none))),
                ("refer by a name of no commune", async c => Of(await desk.ReferByNameAsync(viewer, c, "xyz", "ly do", none))),
                ("accept a referral", async c => Of(await desk.AnswerReferralAsync(viewer, c, true, null, none))),
                ("refuse a referral", async c => Of(await desk.AnswerReferralAsync(viewer, c, false, "ly do", none))),
            ];
        }
    }

    private sealed class RecordingClockJobs : ICaseClockJobs
    {
        public List<long> Changed { get; } = [];

        void ICaseClockJobs.Changed(ChildCase filed) => Changed.Add(filed.Id);
    }

    private sealed class Host(ServiceProvider services, FakeTimeProvider time, Dictionary<string, long> units) : IAsyncDisposable
    {
        public const long Worker = 1;
        public const long Supervisor = 2;
        public const long ProvinceSupervisor = 3;
        public const long OtherWorker = 4;
        public const long WebAdministrator = 10;

        public FakeTimeProvider Time { get; } = time;

        public ServiceProvider Services => services;

        public CaseDesk Desk => services.GetRequiredService<CaseDesk>();

        public CaseWatch Watch => services.GetRequiredService<CaseWatch>();

        public long Unit(string code) => units[code];

        public static async Task<Host> StartAsync(string provider, ICaseClockJobs? clocks = null)
        {
            var time = new FakeTimeProvider(Start);
            var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "cases"), s => s
                .AddSingleton(clocks ?? new NoCaseClockJobs())
                .AddChildCareConversations(ConversationSettings.Default with { MaxReportsPerHour = 100 }, PrivacySettings.Ephemeral())
                .AddChildCareCases(CaseSettings.Default)
                .AddSingleton<Core.Messaging.IMessageSender>(new Messaging.RecordingSender(time)), time);
            await using var db = services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
            var province = new Unit { Code = "thanh-hoa", NameVi = "Tỉnh Thanh Hóa", NameEn = "Thanh Hoa province", Kind = UnitKind.Province };
            db.Units.Add(province);
            await db.SaveChangesAsync();
            var camTan = new Unit { Code = "thanh-hoa/cam-tan", NameVi = "Xã Cẩm Tân", NameEn = "Cam Tan commune", Kind = UnitKind.Commune, ParentId = province.Id };
            var camThuy = new Unit { Code = "thanh-hoa/cam-thuy", NameVi = "Xã Cẩm Thủy", NameEn = "Cam Thuy commune", Kind = UnitKind.Commune, ParentId = province.Id };
            db.Units.AddRange(camTan, camThuy);
            await db.SaveChangesAsync();
            foreach (var (id, unit, role) in new[] { (Worker, camTan, OfficialRole.ChildProtection), (Supervisor, camTan, OfficialRole.Supervisor), (ProvinceSupervisor, province, OfficialRole.Supervisor), (OtherWorker, camThuy, OfficialRole.ChildProtection) })
            {
                var official = new Official { Id = id, Channel = "telegram", ChatId = 9000 + id, Language = Language.Vi, JoinedAt = Start };
                official.Subscriptions.Add(new Subscription { UnitId = unit.Id, Role = role, Since = Start });
                db.Officials.Add(official);
            }

            db.Officials.Add(new Official { Id = WebAdministrator, Channel = OfficialSignIn.WebChannel, ChatId = -1, Language = Language.Vi, JoinedAt = Start, IsAdministrator = true });
            await db.SaveChangesAsync();
            return new Host(services, time, new() { ["thanh-hoa"] = province.Id, ["thanh-hoa/cam-tan"] = camTan.Id, ["thanh-hoa/cam-thuy"] = camThuy.Id });
        }

        public async Task<ChildCase> FileAsync(ReportDraft draft)
        {
            var filed = Assert.IsType<ReportFiled>(await services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", 5555, CancellationToken.None));
            await using var db = Db();
            return await db.Cases.SingleAsync(c => c.Code == filed.Code);
        }

        public async Task<CaseViewer> ViewerAsync(long official) => (await Desk.ViewerForOfficialAsync(official, CancellationToken.None))!;

        /// <summary>The officials an alert of this kind went to, by the outbox.</summary>
        public async Task<List<long>> AlertedAsync(CaseAlertKind kind)
        {
            await using var db = Db();
            var chats = await db.OutboxMessages.Where(m => m.Purpose == "case-alert" && m.DedupKey!.Contains(":" + kind + ":")).Select(m => m.ChatId).ToListAsync();
            return [.. chats.Select(c => c - 9000).Order()];
        }

        public ChildCareDbContext Db() => services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

        public ValueTask DisposeAsync() => services.DisposeAsync();
    }
}
