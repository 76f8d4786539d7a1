using ChildCare.Core.Plans;
using ChildCare.Testing.Plans;
using Xunit.Abstractions;

namespace ChildCare.Core.Tests.Plans;

/// <summary>
/// Precision and recall of the extractor against items written by hand for five plans: the three seed plans and
/// two written for these tests (a PDF-broken commune plan of 2026, a district plan of 2024 with an annex table).
/// The figures are printed (dotnet test --logger "console;verbosity=detailed"); the bench command prints them too.
/// </summary>
public sealed class PlanExtractorQualityTests(ITestOutputHelper output)
{
    // Each plan must reach these; the figures reached are higher (see the README and the bench command).
    private const double PrecisionFloor = 0.9;
    private const double RecallFloor = 0.9;

    public static TheoryData<string> Plans() => [.. PlanFixture.Names];

    [Theory]
    [MemberData(nameof(Plans))]
    public void Extract_ReachesThePrecisionAndRecallFloor_OnEachPlan(string plan)
    {
        var fixture = PlanFixture.Load(plan);
        var extraction = PlanExtractor.Extract(fixture.Text);
        var score = PlanScore.Of(fixture, extraction);
        output.WriteLine(score.Details());

        Assert.Equal(fixture.Year, extraction.Year);
        Assert.True(score.Precision >= PrecisionFloor, score.Details());
        Assert.True(score.Recall >= RecallFloor, score.Details());
    }
}
