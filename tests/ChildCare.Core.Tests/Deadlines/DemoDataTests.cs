using ChildCare.Core.Deadlines;
using ChildCare.Core.Plans;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Tests.Deadlines;

public sealed class DemoDataTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    public static TheoryData<string> Plans => [.. DemoData.Names];

    private static readonly DateTimeOffset Now = DeadlineHost.At(2026, 3, 2, 9);

    private static readonly string[] TwoLevels = ["Province", "Commune", "Ward"];

    private static PlanFile Plan(string name) => PlanFile.Parse(DemoData.Read(name));

    [Fact]
    public void Names_ListTheThreeSeedPlans() =>
        Assert.Equal(
            ["ChildCare.Core.Deadlines.DemoData.cam-pha-2023.json", "ChildCare.Core.Deadlines.DemoData.cam-tan-2024.json", "ChildCare.Core.Deadlines.DemoData.son-tay-2025.json"],
            DemoData.Names);

    [Theory]
    [MemberData(nameof(Plans))]
    public void Parse_ReadsUnitsAndRulesWithValidRecurrences_ForEachDemoPlan(string name)
    {
        var plan = Plan(name);

        Assert.False(string.IsNullOrWhiteSpace(plan.Plan?.Code));
        Assert.NotEmpty(plan.Units!);
        Assert.NotEmpty(plan.Rules!);
        Assert.All(plan.Rules!, rule =>
        {
            Assert.True(Recurrence.TryParse(rule.Recurrence, out var recurrence, out var problem), $"{rule.Code}: {problem}");
            Assert.Equal(recurrence, Recurrence.Parse(recurrence.ToString()));
            Assert.NotEmpty(rule.Units);
        });
    }

    /// <summary>
    /// Since 1/7/2025 local government has two levels: every demo unit is a province or a commune, ward or
    /// special zone directly under one, and no standing obligation is owed to a district or a city People's
    /// Committee. The plans' own words (the source sentence, the plan's title and reference) keep the old names.
    /// </summary>
    [Theory]
    [MemberData(nameof(Plans))]
    public void Units_AreProvinceThenCommuneOrWard_WithNoDistrictLevel(string name)
    {
        var plan = Plan(name);
        var units = plan.Units!.ToDictionary(u => u.Code);

        Assert.All(plan.Units!, unit =>
        {
            Assert.Contains(unit.Kind, TwoLevels);
            Assert.DoesNotContain("Huyện", unit.NameVi, StringComparison.OrdinalIgnoreCase);
            if (unit.Kind == "Province")
            {
                Assert.Null(unit.Parent);
            }
            else
            {
                Assert.Equal("Province", units[unit.Parent!].Kind);
                Assert.Equal(2, unit.Code.Split('/').Length);
            }
        });
        string[] gone = ["huyện", "district", "thành phố", "city"];
        Assert.All(plan.Rules!.Where(r => !r.Recurrence.StartsWith("once", StringComparison.Ordinal)), rule =>
            Assert.DoesNotContain(gone, word => rule.TitleVi.Contains(word, StringComparison.OrdinalIgnoreCase) || (rule.TitleEn ?? "").Contains(word, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task ImportAsync_SucceedsIntoEmptyDatabase_ForEachDemoPlan(string name)
    {
        await using var host = await DeadlineHost.StartAsync(TestDatabase.Sqlite, Now);
        var plan = Plan(name);

        var result = await host.Admin.ImportAsync(plan, CancellationToken.None);

        Assert.Empty(result.Problems);
        var rules = plan.Rules!.Sum(r => r.Units.Count);
        Assert.Equal((plan.Units!.Count, 0, rules, 0), (result.UnitsAdded, result.UnitsUpdated, result.RulesAdded, result.RulesUpdated));
        await using var db = host.Db();
        Assert.Equal(rules, await db.DeadlineRules.CountAsync());
        Assert.True(await db.Occurrences.AnyAsync());
        // Every unit hangs from a root that is in the database.
        var units = await db.Units.AsNoTracking().ToListAsync();
        Assert.All(units.Where(u => u.ParentId is not null), u => Assert.Contains(units, p => p.Id == u.ParentId));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task ImportAsync_UpdatesAndAddsNothing_WhenSamePlanImportedTwice(string name)
    {
        await using var host = await DeadlineHost.StartAsync(TestDatabase.Sqlite, Now);
        var plan = Plan(name);
        await host.Admin.ImportAsync(plan, CancellationToken.None);
        int occurrences;
        await using (var db = host.Db())
        {
            occurrences = await db.Occurrences.CountAsync();
        }

        var again = await host.Admin.ImportAsync(plan, CancellationToken.None);

        Assert.Equal((0, plan.Units!.Count, 0, plan.Rules!.Sum(r => r.Units.Count)), (again.UnitsAdded, again.UnitsUpdated, again.RulesAdded, again.RulesUpdated));
        await using var check = host.Db();
        Assert.Equal(occurrences, await check.Occurrences.CountAsync());
        Assert.False(await check.Occurrences.AnyAsync(o => o.Status == OccurrenceStatus.Cancelled));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task LoadIfEmptyAsync_ImportsEveryPlanOnce_WhenDatabaseIsEmpty(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Now);
        var codes = DemoData.Names.Select(Plan)
            .SelectMany(p => p.Rules!.SelectMany(r => r.Units.Count == 1 ? [r.Code] : r.Units.Select(u => $"{r.Code}@{u}")))
            .ToHashSet();

        var first = await host.Demo.LoadIfEmptyAsync(CancellationToken.None);
        var second = await host.Demo.LoadIfEmptyAsync(CancellationToken.None);

        Assert.Equal((true, false), (first, second));
        await using var db = host.Db();
        Assert.Equal(codes.Order(), (await db.DeadlineRules.Select(r => r.Code).ToListAsync()).Order());
        Assert.Contains(await db.Occurrences.Select(o => o.DueDate).ToListAsync(), d => d == new DateOnly(2026, 9, 25)); // Mid-Autumn
    }
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportAllAsync_SavesNoPlan_WhenALaterPlanHasAProblem(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Now);
        var good = Plan(DemoData.Names[0]);
        var bad = DeadlineHost.Plan(DeadlineHost.Rule("bao-cao", "yearly 15/11", role: "Nobody"));

        var result = await host.Admin.ImportAllAsync([good, bad], planLater: false, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Contains("Nobody", StringComparison.Ordinal));
        await using var db = host.Db();
        Assert.Equal((0, 0), (await db.Units.CountAsync(), await db.DeadlineRules.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportAllAsync_SavesEveryPlanWithItsOwnCode_WhenARuleNamesAUnitOfAnotherPlan(string provider)
    {
        await using var host = await DeadlineHost.StartAsync(provider, Now);
        var units = new PlanFile(new PlanFile.PlanInfo("don-vi", "Đơn vị", null, null, 2026), DeadlineHost.Units, []);
        var rules = new PlanFile(new PlanFile.PlanInfo("bao-cao", "Báo cáo", null, null, 2026), null, [DeadlineHost.Rule("bao-cao-nam", "yearly 15/11")]);

        var alone = await host.Admin.ImportAsync(rules, CancellationToken.None);
        var together = await host.Admin.ImportAllAsync([rules, units], planLater: false, CancellationToken.None);

        Assert.False(alone.Succeeded);
        Assert.Equal((3, 0, 1, 0), (together.UnitsAdded, together.UnitsUpdated, together.RulesAdded, together.RulesUpdated));
        await using var db = host.Db();
        var rule = await db.DeadlineRules.Include(r => r.Unit).SingleAsync();
        Assert.Equal(("bao-cao", DeadlineHost.Commune), (rule.PlanCode, rule.Unit!.Code));
        Assert.True(await db.Occurrences.AnyAsync(o => o.RuleId == rule.Id && o.DueDate == new DateOnly(2026, 11, 15)));
    }
}
