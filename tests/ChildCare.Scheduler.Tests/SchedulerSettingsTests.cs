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
    }

    [Theory]
    [InlineData("Scheduler:InProcess", "no")]
    [InlineData("Scheduler:HealthPort", "0")]
    [InlineData("Scheduler:ThreadCount", "100")]
    [InlineData("Scheduler:ClusterCheckinSeconds", "0")]
    [InlineData("Scheduler:InstanceId", "node\u0001")]
    public void Read_NamesTheKey_WhenAValueIsBad(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        var error = Assert.Throws<ConfigurationException>(() => SchedulerSettings.Read(configuration));

        Assert.Equal(key, error.Key);
        Assert.StartsWith($"Configuration error: {key} ", error.Message, StringComparison.Ordinal);
    }
}
