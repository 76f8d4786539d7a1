using ChildCare.Core.Calendar;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;
using ChildCare.Core.Plans;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Tests.Deadlines;

/// <summary>
/// What a planning run does when little changed: the planning fingerprint (each rule's planned version and the
/// horizon planned through) keeps a start or a night from re-planning the whole horizon, and still re-plans
/// exactly what an edit, a moved rule or a passing day affects.
/// </summary>
public sealed class PlanningFingerprintTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    // Saturday 10/01/2026: the horizon of 400 days ends on Sunday 14/02/2027.
    private static readonly DateTimeOffset Start = DeadlineHost.At(2026, 1, 10, 9);

    private static async Task<DeadlineHost> PlannedAsync(string provider, params PlanFile.RuleEntry[] rules)
    {
        var host = await DeadlineHost.StartAsync(provider, Start);
        await host.ImportAsync(rules);
        await host.Planner.PlanAllAsync(CancellationToken.None);
        return host;
    }

    private static async Task<int> DeleteOccurrenceAsync(DeadlineHost host, string code, DateOnly due)
    {
        await using var db = host.Db();
        return await db.Occurrences.Where(o => o.Rule!.Code == code && o.DueDate == due).ExecuteDeleteAsync();
    }

    private static async Task<bool> ExistsAsync(DeadlineHost host, string code, DateOnly due)
    {
        await using var db = host.Db();
        return await db.Occurrences.AnyAsync(o => o.Rule!.Code == code && o.DueDate == due);
    }

    /// <summary>A change written to the rule as an edit writes it, whose re-planning the process did not live to do.</summary>
    private static async Task EditWithoutReplanningAsync(DeadlineHost host, string code, string? recurrence = null, string? unit = null)
    {
        await using var db = host.Db();
        var rule = await db.DeadlineRules.SingleAsync(r => r.Code == code);
        rule.Recurrence = recurrence ?? rule.Recurrence;
        rule.UnitId = unit is null ? rule.UnitId : await db.Units.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync();
        rule.UpdatedAt = host.Time.GetUtcNow().AddSeconds(1);
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_ReadsNoRule_WhenNothingChangedSinceTheLastRun(string provider)
    {
        await using var host = await PlannedAsync(provider, DeadlineHost.Rule("news", "weekly fri"), DeadlineHost.Rule("report", "monthly last"));
        // An occurrence a full re-planning would write again.
        Assert.Equal(1, await DeleteOccurrenceAsync(host, "news", D(2026, 12, 4)));

        var restart = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((0, 0), (restart.Rules, restart.NewOccurrences));
        Assert.False(await ExistsAsync(host, "news", D(2026, 12, 4)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_ReplansOnlyTheEditedRule_WhenItsReplanningWasLost(string provider)
    {
        await using var host = await PlannedAsync(provider, DeadlineHost.Rule("edited", "monthly 12"), DeadlineHost.Rule("other", "monthly 20"));
        Assert.Equal(1, await DeleteOccurrenceAsync(host, "other", D(2026, 6, 20)));
        await using (var db = host.Db())
        {
            await db.Occurrences.Where(o => o.Rule!.Code == "edited" && o.DueDate == D(2026, 3, 12))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OccurrenceStatus.Done).SetProperty(o => o.DoneAt, host.Time.GetUtcNow()));
        }

        await EditWithoutReplanningAsync(host, "edited", recurrence: "monthly 15");
        var restart = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal(1, restart.Rules);
        Assert.Equal(13, restart.NewOccurrences); // 15/01/2026 .. 15/01/2027
        await using var check = host.Db();
        var edited = await check.Occurrences.AsNoTracking().Where(o => o.Rule!.Code == "edited").ToDictionaryAsync(o => o.DueDate, o => o.Status);
        Assert.Equal(OccurrenceStatus.Done, edited[D(2026, 3, 12)]);
        Assert.Equal(13, edited.Count(e => e.Key.Day == 12 && e.Value == OccurrenceStatus.Cancelled)); // 12/01/2026 .. 12/02/2027 but 12/03
        Assert.All(edited.Where(e => e.Key.Day == 15), e => Assert.Equal(OccurrenceStatus.Open, e.Value));
        Assert.False(await ExistsAsync(host, "other", D(2026, 6, 20)));
        var again = await host.Planner.PlanAllAsync(CancellationToken.None);
        Assert.Equal((0, 0), (again.Rules, again.NewOccurrences));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_MovesOnlyTheMovedRulesFutureOccurrences_WhenARuleChangesUnit(string provider)
    {
        await using var host = await PlannedAsync(provider, DeadlineHost.Rule("moved", "weekly fri"), DeadlineHost.Rule("stays", "weekly fri"));
        await using var db = host.Db();
        var (commune, ward) = (await db.Units.SingleAsync(u => u.Code == DeadlineHost.Commune), await db.Units.SingleAsync(u => u.Code == DeadlineHost.Ward));

        await EditWithoutReplanningAsync(host, "moved", unit: DeadlineHost.Ward);
        var restart = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal((1, 0), (restart.Rules, restart.NewOccurrences));
        var units = await db.Occurrences.AsNoTracking().Where(o => o.Rule!.Code == "moved").ToDictionaryAsync(o => o.DueDate, o => o.UnitId);
        Assert.Equal(ward.Id, units[D(2026, 1, 16)]);
        Assert.Equal(ward.Id, units[D(2027, 2, 12)]);
        Assert.Equal(commune.Id, units[D(2026, 1, 9)]); // a Friday before today: history
        Assert.True(await db.Occurrences.Where(o => o.Rule!.Code == "stays").AllAsync(o => o.UnitId == commune.Id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanHorizonTailAsync_AddsTheHorizonsNewDay_WhenEachNightPasses(string provider)
    {
        await using var host = await PlannedAsync(provider, DeadlineHost.Rule("news", "weekly fri"));

        var added = new List<int>();
        for (var night = 1; night <= 5; night++)
        {
            host.SetNow(DeadlineHost.At(2026, 1, 10 + night, 1, 30));
            added.Add((await host.Planner.PlanHorizonTailAsync(CancellationToken.None)).NewOccurrences);
        }

        // The horizon ends on Sunday 15/02/2027 after the first night, on Friday 19/02/2027 after the fifth.
        Assert.Equal([0, 0, 0, 0, 1], added);
        Assert.True(await ExistsAsync(host, "news", D(2027, 2, 19)));
        await using var db = host.Db();
        Assert.Equal(D(2027, 2, 19), (await db.PlanningHorizons.SingleAsync()).PlannedThrough);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task PlanAllAsync_PlansEveryMissedDay_WhenNightsWereMissed(string provider)
    {
        await using var host = await PlannedAsync(provider, DeadlineHost.Rule("news", "weekly fri"));

        // Stopped for three weeks: the horizon moved 21 days, past three Fridays, more than the nightly tail's week.
        host.SetNow(Start.AddDays(21));
        var restart = await host.Planner.PlanAllAsync(CancellationToken.None);

        Assert.Equal(3, restart.NewOccurrences);
        Assert.Equal(D(2027, 2, 15), restart.From);
        Assert.True(await ExistsAsync(host, "news", D(2027, 3, 5)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SaveAsync_MovesOnlyTheAffectedDeadlineEnd_WhenAHolidayScheduleIsRecorded(string provider)
    {
        await using var host = await PlannedAsync(provider, DeadlineHost.Rule("affected", "yearly 04/09"), DeadlineHost.Rule("unaffected", "yearly 15/09"));
        var before = await OccurrencesAsync(host);
        Assert.Equal((D(2026, 9, 7), D(2026, 9, 16)), (host.Reminders.OverdueDay(D(2026, 9, 4)), host.Reminders.OverdueDay(D(2026, 9, 15))));

        // National Day 2026 given four days off, Tuesday 01/09 to Friday 04/09, beside the shipped Tết.
        await host.Holidays.SaveAsync(new HolidaySchedule(2026,
            [new([HolidayOccasion.LunarNewYear], D(2026, 2, 14), D(2026, 2, 22)), new([HolidayOccasion.NationalDay], D(2026, 9, 1), D(2026, 9, 4))],
            [], "test"), CancellationToken.None);
        var restart = await host.Planner.PlanAllAsync(CancellationToken.None);

        // Due dates are the plan's; the schedule moves the deadline's end (Monday 07/09) and so its overdue notice.
        Assert.Equal((0, 0), (restart.Rules, restart.NewOccurrences));
        Assert.Equal(before, await OccurrencesAsync(host));
        Assert.Equal((D(2026, 9, 8), D(2026, 9, 16)), (host.Reminders.OverdueDay(D(2026, 9, 4)), host.Reminders.OverdueDay(D(2026, 9, 15))));

        static async Task<List<(long, DateOnly, OccurrenceStatus)>> OccurrencesAsync(DeadlineHost host)
        {
            await using var db = host.Db();
            return [.. (await db.Occurrences.AsNoTracking().OrderBy(o => o.Id).ToListAsync()).Select(o => (o.Id, o.DueDate, o.Status))];
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task MaterialiseAsync_RemindsANewMember_WithoutReplanning(string provider)
    {
        // Friday 16/01/2026, 07:00: the news is due today, and the day itself is its lead time.
        await using var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 1, 16, 7));
        await host.ImportAsync(DeadlineHost.Rule("news", "weekly fri"));
        await host.Planner.PlanAllAsync(CancellationToken.None);

        await host.SubscribeAsync(7, DeadlineHost.Commune, OfficialRole.ChildProtection);
        var restart = await host.Planner.PlanAllAsync(CancellationToken.None);
        await host.Reminders.MaterialiseAsync(CancellationToken.None);

        Assert.Equal(0, restart.Rules);
        var news = await host.OccurrenceAsync("news", D(2026, 1, 16));
        Assert.Single(await host.RemindersAsync(), r => r.OccurrenceId == news.Id && r.LeadDays == 0);
    }
}
