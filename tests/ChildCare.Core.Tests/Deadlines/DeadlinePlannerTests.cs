using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;
using ChildCare.Core.Units;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class DeadlinePlannerTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    // Saturday 10/01/2026: planned from 01/01/2026 (the start of the year); the horizon of 400 days ends on 14/02/2027.
    private static readonly DateTimeOffset Start = DeadlineHost.At(2026, 1, 10, 9);

    private static async Task<Unit> AddUnitAsync(DeadlineHost host, string code)
    {
        await using var db = host.Db();
        var unit = db.Units.Add(new Unit { Code = code, NameVi = code, NameEn = code, Kind = UnitKind.Commune }).Entity;
        await db.SaveChangesAsync();
        return unit;
    }

    private static DeadlineRule NewRule(long unitId, string code, string recurrence, DateOnly? until = null, DateTimeOffset? deletedAt = null) => new()
    {
        Code = code,
        UnitId = unitId,
        Role = OfficialRole.ChildProtection,
        Kind = RuleKind.Deadline,
        TitleVi = code,
        TitleEn = code,
        Recurrence = recurrence,
        ValidUntil = until,
        DeletedAt = deletedAt,
    };

    /// <summary>Rules written straight to the database, as nothing has planned them yet.</summary>
    private static async Task<long> AddRulesAsync(DeadlineHost host)
    {
        var unit = await AddUnitAsync(host, "xa");
        await using var db = host.Db();
        db.DeadlineRules.AddRange(
            NewRule(unit.Id, "yearly", "yearly 15/11"),
            NewRule(unit.Id, "quarterly", "quarterly last"),
            NewRule(unit.Id, "action-month", "range 01/06-30/06"),
            NewRule(unit.Id, "past", "once 2023-03-20"),
            NewRule(unit.Id, "weekly", "weekly fri", until: D(2026, 1, 31)),
            NewRule(unit.Id, "deleted", "monthly last", deletedAt: Start.AddDays(-1)));
        await db.SaveChangesAsync();
        return unit.Id;
    }

    private static readonly Dictionary<string, DateOnly[]> Expected = new()
    {
        ["yearly"] = [D(2026, 11, 15)],
        ["quarterly"] = [D(2026, 3, 31), D(2026, 6, 30), D(2026, 9, 30), D(2026, 12, 31)],
        ["action-month"] = [D(2026, 6, 1)],
        ["weekly"] = [D(2026, 1, 2), D(2026, 1, 9), D(2026, 1, 16), D(2026, 1, 23), D(2026, 1, 30)],
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_CreatesEachDueDateOverHorizon_WhenRulesAreNew(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        var unitId = await AddRulesAsync(host);

        var result = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal(new PlanningResult(5, 11, D(2026, 1, 1), D(2027, 2, 14)), result);
        await using var db = host.Db();
        var occurrences = await db.Occurrences.AsNoTracking().Include(o => o.Rule).ToListAsync();
        var byRule = occurrences.GroupBy(o => o.Rule!.Code).ToDictionary(g => g.Key, g => g.Select(o => o.DueDate).Order().ToArray());
        Assert.Equal(Expected, byRule);
        Assert.All(occurrences, o => Assert.Equal((OccurrenceStatus.Open, unitId), (o.Status, o.UnitId)));
        Assert.Equal(D(2026, 6, 30), occurrences.Single(o => o.Rule!.Code == "action-month").EndDate);
        Assert.All(occurrences.Where(o => o.Rule!.Code != "action-month"), o => Assert.Null(o.EndDate));

        // The two Fridays before today are on record, and never reminded.
        Assert.Equal([D(2026, 1, 2), D(2026, 1, 9)], occurrences.Where(o => o.Backfilled).Select(o => o.DueDate).Order());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_BackfillsTheYearFromTheRulesOwnStart_WhenItStartsLater(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 3, 10, 9));
        var unit = await AddUnitAsync(host, "xa");
        await using (var db = host.Db())
        {
            var rule = NewRule(unit.Id, "monthly", "monthly 15");
            rule.ValidFrom = D(2026, 2, 1);
            db.DeadlineRules.Add(rule);
            await db.SaveChangesAsync();
        }

        await host.Planner.PlanAllAsync(CancellationToken.None);

        await using var check = host.Db();
        var occurrences = await check.Occurrences.AsNoTracking().OrderBy(o => o.DueDate).Take(3).ToListAsync();
        Assert.Equal([(D(2026, 2, 15), true), (D(2026, 3, 15), false), (D(2026, 4, 15), false)], occurrences.Select(o => (o.DueDate, o.Backfilled)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MaterialiseAsync_RemindsOfNothingBackfilled_WhenInstalledInTheMiddleOfTheYear(string provider)
    {
        // Installed on Wednesday 18/11/2026, three days after the yearly report's 15/11 (a Sunday: it ended on Monday
        // 16/11). Without backfill marking, the overdue notice (17/11) and the escalation (18/11) would go out now.
        await using var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 11, 18, 9));
        await host.ImportAsync(DeadlineHost.Rule("report", "yearly 15/11"), DeadlineHost.Rule("monthly", "monthly 10"));
        await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);
        await host.SubscribeAsync(2, DeadlineHost.Commune, OfficialRole.Supervisor);

        await host.Planner.PlanAllAsync(CancellationToken.None);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);

        var report = await host.OccurrenceAsync("report", D(2026, 11, 15));
        Assert.True(report.Backfilled);
        Assert.Equal(OccurrenceStatus.Open, report.Status);
        await using var db = host.Db();
        Assert.Equal(11 + 1, await db.Occurrences.CountAsync(o => o.Backfilled)); // monthly 10/01 to 10/11, yearly 15/11
        Assert.False((await host.OccurrenceAsync("monthly", D(2026, 12, 10))).Backfilled);
        Assert.Empty(await host.RemindersAsync());
        Assert.Equal(0, await host.Reminders.DispatchDueAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_PlansEveryRule_WhenTheirIdsAreFarApart(string provider)
    {
        // The planner reads rules in windows of ids: a gap of many windows (rules deleted for good, an imported
        // range) must not end the read before the last rule.
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        var unit = await AddUnitAsync(host, "xa");
        await using (var db = host.Db())
        {
            db.DeadlineRules.Add(NewRule(unit.Id, "first", "yearly 15/11"));
            var far = NewRule(unit.Id, "far", "quarterly last");
            far.Id = 1_000_000;
            db.DeadlineRules.Add(far);
            await db.SaveChangesAsync();
        }

        var result = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((2, 5), (result.Rules, result.NewOccurrences));
        await using var check = host.Db();
        Assert.Equal(4, await check.Occurrences.CountAsync(o => o.RuleId == 1_000_000));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_AddsNothing_WhenRunTwice(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await AddRulesAsync(host);

        var first = await host.Planner.PlanAllAsync(CancellationToken.None);
        var second = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((11, 0), (first.NewOccurrences, second.NewOccurrences));
        await using var db = host.Db();
        Assert.Equal(11, await db.Occurrences.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_AddsOnlyTheNewDays_WhenClockMovesOn(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await AddRulesAsync(host);
        await host.Planner.PlanAllAsync(CancellationToken.None);

        host.SetNow(DeadlineHost.At(2026, 4, 1, 9));
        var later = await host.Planner.PlanAllAsync(CancellationToken.None);

        // The horizon now ends 06/05/2027: the quarter ending 31/03/2027 is new.
        Assert.Equal(1, later.NewOccurrences);
        Assert.Equal(D(2027, 3, 31), (await host.OccurrenceAsync("quarterly", D(2027, 3, 31))).DueDate);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportAsync_PlansImportedRules_SoPlanAllAddsNothing(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);

        await host.ImportAsync(DeadlineHost.Rule("report", "yearly 15/11"), DeadlineHost.Rule("mid-autumn", "lunar-yearly 15/08", kind: "Event"));
        var result = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((2, 0), (result.Rules, result.NewOccurrences));
        Assert.Equal(D(2026, 9, 25), (await host.OccurrenceAsync("mid-autumn", D(2026, 9, 25))).DueDate);
        Assert.Equal(D(2026, 11, 15), (await host.OccurrenceAsync("report", D(2026, 11, 15))).DueDate);
    }

    [Fact]
    public async Task PlanAllAsync_CreatesNoDuplicates_WhenTwoNodesPlanAtOnceOnPostgres()
    {
        await using var a = await DeadlineHost.StartAsync(TestDatabase.Postgres, Start);
        await using var b = await DeadlineHost.AttachAsync(a.Database, Start);
        const int Units = 40;
        await using (var db = a.Db())
        {
            for (var i = 0; i < Units; i++)
            {
                var unit = db.Units.Add(new Unit { Code = $"u{i}", NameVi = "u", NameEn = "u", Kind = UnitKind.Commune }).Entity;
                await db.SaveChangesAsync();
                db.DeadlineRules.AddRange(NewRule(unit.Id, $"w{i}", "weekly fri"), NewRule(unit.Id, $"m{i}", "monthly last"));
            }

            await db.SaveChangesAsync();
        }

        var fridays = Recurrence.Parse("weekly fri").Between(D(2026, 1, 1), D(2027, 2, 14)).Count();
        var monthEnds = Recurrence.Parse("monthly last").Between(D(2026, 1, 1), D(2027, 2, 14)).Count();
        var expected = Units * (fridays + monthEnds);

        var results = await Task.WhenAll(
            a.Planner.PlanAllAsync(CancellationToken.None),
            b.Planner.PlanAllAsync(CancellationToken.None),
            a.Planner.PlanAllAsync(CancellationToken.None));

        Assert.Equal(expected, results.Sum(r => r.NewOccurrences));
        await using var check = a.Db();
        Assert.Equal(expected, await check.Occurrences.CountAsync());
        Assert.Equal(expected, await check.Occurrences.Select(o => new { o.RuleId, o.DueDate }).Distinct().CountAsync());
    }

    /// <summary>
    /// "monthly 12" with leads 30 and 0, imported on 01/10/2026; the clock then moves to Tuesday 13/10/2026
    /// and the reminders are materialised: the overdue notice of 12/10 (now history) and the lead-30 reminder
    /// of 12/11 are pending. 12/12 is marked done ahead of time.
    /// </summary>
    private static async Task<DeadlineHost> MonthlyWithHistoryAsync(string provider)
    {
        var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 10, 1, 9));
        await host.ImportAsync(DeadlineHost.Rule("monthly", "monthly 12", leadDays: [30, 0]));
        await host.SubscribeAsync(1, DeadlineHost.Commune, OfficialRole.ChildProtection);
        host.SetNow(DeadlineHost.At(2026, 10, 13, 9));
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        await using var db = host.Db();
        await db.Occurrences.Where(o => o.DueDate == D(2026, 12, 12))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OccurrenceStatus.Done).SetProperty(o => o.DoneAt, host.Time.GetUtcNow()));
        return host;
    }

    private static RuleInput Monthly(string recurrence, IReadOnlyList<int> leads) =>
        new("monthly", DeadlineHost.Commune, OfficialRole.ChildProtection, RuleKind.Deadline, "Báo cáo tháng", null, recurrence, leads);

    private static async Task<Dictionary<DateOnly, OccurrenceStatus>> StatusesAsync(DeadlineHost host)
    {
        await using var db = host.Db();
        return await db.Occurrences.AsNoTracking().ToDictionaryAsync(o => o.DueDate, o => o.Status);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveRuleAsync_CancelsOldFutureOccurrencesAndAddsNew_WhenRecurrenceChanges(string provider)
    {
        await using var host = await MonthlyWithHistoryAsync(provider);
        var past = await host.OccurrenceAsync("monthly", D(2026, 10, 12));
        var future = await host.OccurrenceAsync("monthly", D(2026, 11, 12));
        var pending = (await host.RemindersAsync()).Where(r => r.Status == ReminderStatus.Pending).Select(r => r.OccurrenceId).Order();
        Assert.Equal([past.Id, future.Id], pending);

        var (id, problems) = await host.Admin.SaveRuleAsync(Monthly("monthly 20", [30, 0]), CancellationToken.None);

        Assert.Empty(problems);
        Assert.Equal(past.RuleId, id);
        var statuses = await StatusesAsync(host);
        Assert.Equal(OccurrenceStatus.Open, statuses[D(2026, 10, 12)]);
        Assert.Equal(OccurrenceStatus.Done, statuses[D(2026, 12, 12)]);
        var oldFuture = statuses.Where(s => s.Key.Day == 12 && s.Key > D(2026, 10, 13) && s.Key != D(2026, 12, 12)).ToList();
        Assert.Equal(11, oldFuture.Count); // 12/11/2026, 12/01/2027 .. 12/10/2027
        Assert.All(oldFuture, s => Assert.Equal(OccurrenceStatus.Cancelled, s.Value));
        // The new horizon runs from 13/10/2026 to 17/11/2027.
        var twentieths = statuses.Where(s => s.Key.Day == 20).ToList();
        Assert.Equal(Enumerable.Range(0, 13).Select(i => D(2026, 10, 20).AddMonths(i)), twentieths.Select(s => s.Key).Order());
        Assert.All(twentieths, s => Assert.Equal(OccurrenceStatus.Open, s.Value));
        // The future's pending reminder is gone; the past occurrence's overdue notice is history and stays.
        var after = await host.RemindersAsync();
        Assert.DoesNotContain(after, r => r.OccurrenceId == future.Id);
        Assert.Single(after, r => r.OccurrenceId == past.Id && r.Kind == ReminderKind.Overdue && r.Status == ReminderStatus.Pending);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveRuleAsync_RemakesRemindersWithNewLeads_WhenOnlyLeadDaysChange(string provider)
    {
        await using var host = await MonthlyWithHistoryAsync(provider);
        var future = await host.OccurrenceAsync("monthly", D(2026, 11, 12));

        await host.Admin.SaveRuleAsync(Monthly("monthly 12", [1]), CancellationToken.None);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);

        Assert.Equal(OccurrenceStatus.Open, (await host.OccurrenceAsync("monthly", D(2026, 11, 12))).Status);
        Assert.DoesNotContain(await host.RemindersAsync(), r => r.OccurrenceId == future.Id);
        host.SetNow(DeadlineHost.At(2026, 11, 10, 9));
        await host.Reminders.MaterialiseAsync(CancellationToken.None);
        var remade = Assert.Single(await host.RemindersAsync(), r => r.OccurrenceId == future.Id);
        Assert.Equal((ReminderKind.Ahead, 1, DeadlineHost.At(2026, 11, 11, 8)), (remade.Kind, remade.LeadDays, remade.SendAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeleteRuleAsync_CancelsOpenOccurrences_AndKeepsDoneOnes(string provider)
    {
        await using var host = await MonthlyWithHistoryAsync(provider);
        var ruleId = (await host.OccurrenceAsync("monthly", D(2026, 10, 12))).RuleId;
        var future = await host.OccurrenceAsync("monthly", D(2026, 11, 12));

        Assert.True(await host.Admin.DeleteRuleAsync(ruleId, CancellationToken.None));

        var statuses = await StatusesAsync(host);
        // A past occurrence still open would otherwise bring an overdue notice for a rule that no longer exists.
        Assert.Equal(OccurrenceStatus.Cancelled, statuses[D(2026, 10, 12)]);
        Assert.Equal(OccurrenceStatus.Done, statuses[D(2026, 12, 12)]);
        // 12 from 12/10/2026 on, and the 9 backfilled from 12/01 to 12/09: open, so cancelled with the rule.
        Assert.Equal(21, statuses.Count(s => s.Value == OccurrenceStatus.Cancelled));
        Assert.All(statuses.Where(s => s.Key > D(2026, 10, 13) && s.Key != D(2026, 12, 12)), s => Assert.Equal(OccurrenceStatus.Cancelled, s.Value));
        Assert.DoesNotContain(await host.RemindersAsync(), r => r.OccurrenceId == future.Id);
        Assert.Equal(0, (await host.Planner.PlanAllAsync(CancellationToken.None)).NewOccurrences);
        Assert.Equal(0, await host.Reminders.MaterialiseAsync(CancellationToken.None));
        Assert.False(await host.Admin.DeleteRuleAsync(ruleId, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanHorizonTailAsync_AddsTheDaysThatCameIntoView_WithoutReplanningTheRest(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync(DeadlineHost.Rule("news", "weekly fri"));
        await host.Planner.PlanAllAsync(CancellationToken.None);

        // A week later the horizon has moved seven days: exactly one more Friday.
        host.SetNow(Start.AddDays(7));
        var tail = await host.Planner.PlanHorizonTailAsync(CancellationToken.None);

        Assert.Equal(1, tail.NewOccurrences);
        Assert.Equal(tail.To.AddDays(-DeadlinePlanner.NightlyTailDays), tail.From);
        Assert.Equal(0, (await host.Planner.PlanAllAsync(CancellationToken.None)).NewOccurrences);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanHorizonTailAsync_PlansOnlyTheEditedRuleAndTheRulesDueInTheNewDays_WhenOneRuleChanged(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync(
            DeadlineHost.Rule("news", "weekly fri"), DeadlineHost.Rule("report", "yearly 15/11"),
            DeadlineHost.Rule("tenth", "monthly 10"), DeadlineHost.Rule("twentieth", "monthly 20"));
        await host.Planner.PlanAllAsync(CancellationToken.None);

        // Edited, and its re-planning lost with the process.
        await using (var db = host.Db())
        {
            await db.DeadlineRules.Where(r => r.Code == "report").ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Recurrence, "yearly 16/11").SetProperty(r => r.UpdatedAt, Start.AddSeconds(1)));
        }

        // Six nights later the horizon ends 20/02/2027; the nightly run looks at 13/02..20/02: Friday 19/02 and the 20th.
        host.SetNow(Start.AddDays(6));
        var tail = await host.Planner.PlanHorizonTailAsync(CancellationToken.None);

        // The edited rule, the weekly and the 20th; not the 10th, which has no day there.
        Assert.Equal((3, 3), (tail.Rules, tail.NewOccurrences));
        Assert.Equal((D(2027, 2, 13), D(2027, 2, 20)), (tail.From, tail.To));
        Assert.Equal(OccurrenceStatus.Open, (await host.OccurrenceAsync("report", D(2026, 11, 16))).Status);
        Assert.Equal(OccurrenceStatus.Cancelled, (await host.OccurrenceAsync("report", D(2026, 11, 15))).Status);
        Assert.Equal(D(2027, 2, 19), (await host.OccurrenceAsync("news", D(2027, 2, 19))).DueDate);
        Assert.Equal(D(2027, 2, 20), (await host.OccurrenceAsync("twentieth", D(2027, 2, 20))).DueDate);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_PlansNoRule_WhenAStartFindsNothingChanged(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync(DeadlineHost.Rule("news", "weekly fri"), DeadlineHost.Rule("report", "yearly 15/11"));
        await host.Planner.PlanAllAsync(CancellationToken.None);

        // Another process on the same database, later the same day.
        await using var restarted = await DeadlineHost.AttachAsync(host.Database, Start.AddHours(2));
        var again = await restarted.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((0, 0), (again.Rules, again.NewOccurrences));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_PlansOnlyTheUnplannedAndEditedRules_WhenTheDatabaseWasUpgradedFromTheMarkOnTheRule(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync(
            DeadlineHost.Rule("planned", "yearly 15/11"), DeadlineHost.Rule("edited", "monthly 10"), DeadlineHost.Rule("unplanned", "weekly fri"));
        await host.Planner.PlanAllAsync(CancellationToken.None);
        await using (var db = host.Db())
        {
            // The release before kept the mark in deadline_rules.planned_version: go back to it, then lose two marks.
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(db.Database.GetMigrations().Single(m => m.EndsWith("_UnitTrackedSince", StringComparison.Ordinal)));
            await db.Database.ExecuteSqlRawAsync("UPDATE deadline_rules SET planned_version = NULL WHERE code = 'unplanned'");
            await db.DeadlineRules.Where(r => r.Code == "edited").ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, Start.AddSeconds(1)));
        }

        // The upgraded release starts on it.
        await using var upgraded = await DeadlineHost.AttachAsync(host.Database, Start.AddHours(1));
        var first = await upgraded.Planner.PlanAllAsync(CancellationToken.None);
        var again = await upgraded.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((2, 0), (first.Rules, first.NewOccurrences));
        Assert.Equal((0, 0), (again.Rules, again.NewOccurrences));
        await using var check = upgraded.Db();
        var marks = await check.PlannedRules.Join(check.DeadlineRules, p => p.RuleId, r => r.Id, (p, r) => new { r.Code, Current = p.Version == r.UpdatedAt })
            .OrderBy(x => x.Code).ToListAsync();
        Assert.Equal(["edited True", "planned True", "unplanned True"], marks.Select(x => $"{x.Code} {x.Current}"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_BackfillsOnlyTheRuleWithoutHistory_WhenARuleWithHistoryIsInTheSameBatch(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Start);
        var unit = await AddUnitAsync(host, "xa");
        long withHistory;
        await using (var db = host.Db())
        {
            var rule = db.DeadlineRules.Add(NewRule(unit.Id, "with-history", "weekly fri")).Entity;
            await db.SaveChangesAsync();
            withHistory = rule.Id;
        }

        await host.Planner.PlanAllAsync(CancellationToken.None);
        await using (var db = host.Db())
        {
            // Its first Friday gone and its mark lost (a restore, a release before the mark): it is unplanned again, with
            // history before today. Then a rule nothing has planned, beside it in the same batch of ids.
            await db.Occurrences.Where(o => o.RuleId == withHistory && o.DueDate == D(2026, 1, 2)).ExecuteDeleteAsync();
            await db.PlannedRules.Where(p => p.RuleId == withHistory).ExecuteDeleteAsync();
            db.DeadlineRules.Add(NewRule(unit.Id, "new", "weekly fri"));
            await db.SaveChangesAsync();
        }

        var result = await host.Planner.PlanAllAsync(CancellationToken.None);

        await using var check = host.Db();
        var past = await check.Occurrences.AsNoTracking().Include(o => o.Rule).Where(o => o.DueDate < D(2026, 1, 10)).ToListAsync();
        // History stays as it is; the new rule gets the year's backfill.
        Assert.Equal(["new 2026-01-02 True", "new 2026-01-09 True", "with-history 2026-01-09 True"],
            past.Select(o => $"{o.Rule!.Code} {o.DueDate:yyyy-MM-dd} {o.Backfilled}").Order(StringComparer.Ordinal));
        Assert.Equal(2, result.Rules);
        Assert.Equal(await check.Occurrences.CountAsync(o => o.Rule!.Code == "with-history") + 1, await check.Occurrences.CountAsync(o => o.Rule!.Code == "new"));
    }

    [Fact]
    public async Task Migrations_LeaveThePlanningRuleKeysUnchecked_OnPostgres()
    {
        await using var host = await DeadlineHost.StartAsync(TestDatabase.Postgres, Start);
        await using var db = host.Db();

        var keys = await db.Database.SqlQueryRaw<string>(
            "SELECT conrelid::regclass::text || ' ' || conname AS \"Value\" FROM pg_constraint WHERE contype = 'f' AND confrelid = 'deadline_rules'::regclass")
            .ToListAsync();

        // The other keys to rules stay: only the one checked per planned occurrence goes.
        Assert.Contains(keys, k => k.StartsWith("event_themes ", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.StartsWith("occurrences ", StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.StartsWith("planned_rules ", StringComparison.Ordinal));
    }
}
