namespace ChildCare.Scheduler.Tests;

public sealed class CadenceTests
{
    [Theory]
    [InlineData(5, "*/5 * * * * *", 5)]
    [InlineData(60, "* * * * *", 60)]
    [InlineData(300, "*/5 * * * *", 300)]
    [InlineData(3600, "0 * * * *", 3600)]
    [InlineData(7200, "0 */2 * * *", 7200)]
    [InlineData(86400, "0 0 * * *", 86400)]
    // 90 minutes divide no hour evenly: the next interval below that does, so the job runs at least as often as asked.
    [InlineData(5400, "0 * * * *", 3600)]
    [InlineData(7, "*/6 * * * * *", 6)]
    public void Every_GivesACronThatRunsAtLeastAsOften_WhenGivenAnInterval(int seconds, string cron, int actualSeconds)
    {
        var cadence = Cadence.Every(TimeSpan.FromSeconds(seconds));

        Assert.Equal(cron, cadence.Cron);
        Assert.Equal(TimeSpan.FromSeconds(actualSeconds), cadence.Interval);
        Assert.Null(cadence.DailyAt);
    }

    [Fact]
    public void Daily_RunsOnceADayAtTheTime_WhenGivenATime()
    {
        var cadence = Cadence.Daily(new TimeOnly(1, 30));

        Assert.Equal("30 1 * * *", cadence.Cron);
        Assert.Equal(new TimeOnly(1, 30), cadence.DailyAt);
    }
}
