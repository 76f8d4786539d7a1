using ChildCare.Core.Plans;
using ChildCare.Testing.Plans;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Plans;

/// <summary>Plans read for officials: a few a minute each, within a time limit, stopped when the request goes.</summary>
public sealed class PlanReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 3, 0, 0, TimeSpan.Zero);

    private static string Plan => PlanFixture.Load("son-tay-2025").Text;

    [Fact]
    public async Task ReadAsync_RefusesTheSeventhPlanInAMinute_ForOneOfficialOnly_AndReadsAgainAMinuteLater()
    {
        var time = new FakeTimeProvider(Start);
        var reader = new PlanReader(PlanSettings.Default with { ExtractionsPerMinute = 6 }, time);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(PlanReader.Outcome.Read, (await reader.ReadAsync("official:1", Plan, CancellationToken.None)).Outcome);
        }

        var refused = await reader.ReadAsync("official:1", Plan, CancellationToken.None);
        var other = await reader.ReadAsync("official:2", Plan, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var later = await reader.ReadAsync("official:1", Plan, CancellationToken.None);

        Assert.Equal((null, PlanReader.Outcome.TooMany), refused);
        Assert.Equal(PlanReader.Outcome.Read, other.Outcome);
        Assert.Equal(PlanReader.Outcome.Read, later.Outcome);
        Assert.NotEmpty(later.Extraction!.Items);
    }

    [Fact]
    public async Task ReadAsync_GivesUp_WhenTheTimeLimitPasses()
    {
        var reader = new PlanReader(PlanSettings.Default with { ExtractionTimeLimit = TimeSpan.Zero }, new FakeTimeProvider(Start));

        var (extraction, outcome) = await reader.ReadAsync("official:1", Plan, CancellationToken.None);

        Assert.Null(extraction);
        Assert.Equal(PlanReader.Outcome.TooSlow, outcome);
    }

    [Fact]
    public async Task ReadAsync_Stops_WhenTheRequestIsCancelled()
    {
        var reader = new PlanReader(PlanSettings.Default, new FakeTimeProvider(Start));
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.ReadAsync("official:1", Plan, gone.Token));
    }
}
