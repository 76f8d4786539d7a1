using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Scheduler.Tests;

public sealed class SchedulerSettingsTests
{
    [Fact]
    public void Read_RunsInProcessByDefault()
    {
        var settings = SchedulerSettings.Read(new ConfigurationBuilder().Build());

        Assert.True(settings.InProcess);
        Assert.Equal(5081, settings.HealthPort);
        Assert.Null(settings.InstanceId);
        // A killed node's job is fetched again within a minute and a poll: well inside the two minutes promised.
        Assert.Equal(TimeSpan.FromSeconds(60), settings.InvisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.PollInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.CaseSweepInterval);
    }

    [Theory]
    [InlineData("Scheduler:InProcess", "no")]
    [InlineData("Scheduler:HealthPort", "0")]
    [InlineData("Scheduler:ThreadCount", "100")]
    [InlineData("Scheduler:ClusterCheckinSeconds", "0")]
    [InlineData("Scheduler:InstanceId", "node\u0001")]
    [InlineData("Scheduler:InstanceId", "node:1")]
    [InlineData("Scheduler:ReminderIntervalSeconds", "7")]
    [InlineData("Scheduler:ReminderIntervalSeconds", "90")]
    [InlineData("Scheduler:CaseSweepMinutes", "7")]
    [InlineData("Scheduler:InvisibilitySeconds", "5")]
    [InlineData("Scheduler:PollSeconds", "0")]
    public void Read_NamesTheKey_WhenAValueIsBad(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        var error = Assert.Throws<ConfigurationException>(() => SchedulerSettings.Read(configuration));

        Assert.Equal(key, error.Key);
        Assert.StartsWith($"Configuration error: {key} ", error.Message, StringComparison.Ordinal);
    }
}
