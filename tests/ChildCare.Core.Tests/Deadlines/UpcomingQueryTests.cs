using ChildCare.Core.Calendar;
using ChildCare.Core.Plans;
using ChildCare.Testing;

namespace ChildCare.Core.Tests.Deadlines;

/// <summary>
/// From Tuesday 01/09/2026: a September campaign (01/09-30/09, with a 2026 theme) and Mid-Autumn (15/8 lunar,
/// Friday 25/09) in the commune, a report due 15/09 in the ward, and a commune rule deleted before its day.
/// </summary>
public sealed class UpcomingQueryTests
{
    public static TheoryData<string> Providers => [TestDatabase.Sqlite, TestDatabase.Postgres];

    private static async Task<DeadlineHost> StartAsync(string provider)
    {
        var host = await DeadlineHost.StartAsync(provider, DeadlineHost.At(2026, 9, 1, 9));
        await host.ImportAsync(
            DeadlineHost.Rule("campaign", "range 01/09-30/09", kind: "Event") with { Themes = [new PlanFile.ThemeEntry(2026, "Chủ đề 2026", "Theme 2026")] },
            DeadlineHost.Rule("mid-autumn", "lunar-yearly 15/08", kind: "Event"),
            DeadlineHost.Rule("report", "yearly 15/09", unit: DeadlineHost.Ward),
            DeadlineHost.Rule("gone", "yearly 20/09"));
        var gone = await host.OccurrenceAsync("gone", new DateOnly(2026, 9, 20));
        Assert.True(await host.Admin.DeleteRuleAsync(gone.RuleId, CancellationToken.None));
        return host;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListAsync_ListsOpenOccurrencesInDateOrder_WithLunarDateAndTheme(string provider)
    {
        await using var host = await StartAsync(provider);
        var query = host.Upcoming;

        var items = await query.ListAsync(60, null, CancellationToken.None);

        Assert.Equal(["campaign", "report", "mid-autumn"], items.Select(i => i.RuleCode));
        var campaign = items[0];
        Assert.Equal((new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30), "Chủ đề 2026", "Theme 2026"), (campaign.DueDate, campaign.EndDate, campaign.ThemeVi, campaign.ThemeEn));
        var midAutumn = items[2];
        Assert.Equal((new DateOnly(2026, 9, 25), "Thứ Sáu", "lunar-yearly 15/08"), (midAutumn.DueDate, midAutumn.Weekday, midAutumn.Recurrence));
        Assert.Equal(new LunarDate(2026, 8, 15, false), midAutumn.LunarDate);
        Assert.Null(items[1].LunarDate);
        Assert.Equal((DeadlineHost.Ward, "Phường Thử"), (items[1].UnitCode, items[1].UnitNameVi));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ListAsync_KeepsToUnitSubtreeAndWindow_WhenAsked(string provider)
    {
        await using var host = await StartAsync(provider);
        var query = host.Upcoming;

        Assert.Equal(["campaign", "mid-autumn"], (await query.ListAsync(60, DeadlineHost.Commune, CancellationToken.None)).Select(i => i.RuleCode));
        Assert.Equal(3, (await query.ListAsync(60, DeadlineHost.Province, CancellationToken.None)).Count);
        Assert.Empty(await query.ListAsync(60, "tinh/x", CancellationToken.None));
        Assert.Equal(["campaign"], (await query.ListAsync(10, null, CancellationToken.None)).Select(i => i.RuleCode));
        Assert.True(await query.UnitExistsAsync(DeadlineHost.Ward, CancellationToken.None));
        Assert.False(await query.UnitExistsAsync("tinh/x", CancellationToken.None));
    }
}
