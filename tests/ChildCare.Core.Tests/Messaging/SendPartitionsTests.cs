using ChildCare.Core.Configuration;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Tests.Messaging;

public sealed class SendPartitionsTests
{
    [Fact]
    public void PartitionsFor_IsFourOnPostgresAndOneOnSqlite_WhenNotSet()
    {
        var settings = MessagingSettings.Read(Configuration());

        Assert.Equal(4, settings.PartitionsFor(DatabaseProvider.Postgres));
        Assert.Equal(1, settings.PartitionsFor(DatabaseProvider.Sqlite));
    }

    [Fact]
    public void PartitionsFor_IsTheSetting_OnPostgresOnly()
    {
        var settings = MessagingSettings.Read(Configuration((MessagingSettings.SendPartitionsKey, "8")));

        Assert.Equal(8, settings.PartitionsFor(DatabaseProvider.Postgres));
        Assert.Equal(1, settings.PartitionsFor(DatabaseProvider.Sqlite));
    }

    [Theory]
    [InlineData("0", "30")]
    [InlineData("65", "100")]
    [InlineData("four", "30")]
    [InlineData("4", "3")]
    public void Read_Throws_WhenSendPartitionsIsOutOfRange(string partitions, string perSecond)
    {
        var error = Assert.Throws<ConfigurationException>(() => MessagingSettings.Read(Configuration(
            (MessagingSettings.SendPartitionsKey, partitions), (MessagingSettings.GlobalPerSecondKey, perSecond))));

        Assert.Equal(MessagingSettings.SendPartitionsKey, error.Key);
    }

    [Fact]
    public void PartitionsFor_KeepsAPartWorthAMessageASecond_WhenTheRateIsBelowFour()
    {
        var settings = MessagingSettings.Read(Configuration((MessagingSettings.GlobalPerSecondKey, "2.5")));

        Assert.Equal(2, settings.PartitionsFor(DatabaseProvider.Postgres));
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(5L, 1)]
    [InlineData(-1L, 3)]
    [InlineData(-1001234567890L, 2)]
    [InlineData(long.MinValue, 0)]
    public void Of_PutsEveryChatInAPart_GroupChatsWithNegativeIdsToo(long chatId, int part)
    {
        Assert.Equal(part, OutboxPartitions.Of(chatId, 4));
    }

    [Theory]
    [InlineData(4, 1, 4)]
    [InlineData(4, 2, 2)]
    [InlineData(4, 3, 2)]
    [InlineData(4, 5, 1)]
    [InlineData(4, 0, 4)]
    public void FairShare_IsPartsOverNodesRoundedUp(int partitions, int nodes, int share)
    {
        Assert.Equal(share, OutboxPartitions.FairShare(partitions, nodes));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
