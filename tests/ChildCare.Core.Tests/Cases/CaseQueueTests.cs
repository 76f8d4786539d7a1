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

    private sealed class Host(ServiceProvider services, FakeTimeProvider time, Dictionary<string, long> units) : IAsyncDisposable
    {
        public const long Worker = 1;
        public const long Supervisor = 2;
        public const long ProvinceSupervisor = 3;
        public const long OtherWorker = 4;

        public FakeTimeProvider Time { get; } = time;

        public ServiceProvider Services => services;

        public CaseDesk Desk => services.GetRequiredService<CaseDesk>();

        public CaseWatch Watch => services.GetRequiredService<CaseWatch>();

        public long Unit(string code) => units[code];

        public static async Task<Host> StartAsync(string provider)
        {
            var time = new FakeTimeProvider(Start);
            var services = await TestDatabase.ServicesAsync(await TestDatabase.CreateAsync(provider, "cases"), s => s
                .AddChildCareConversations(ConversationSettings.Default with { MaxReportsPerHour = 100 }, PrivacySettings.Ephemeral())
                .AddChildCareCases(CaseSettings.Default), time);
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
