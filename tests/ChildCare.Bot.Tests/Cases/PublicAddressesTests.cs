using System.Net;
using ChildCare.Bot.Pages.Cases;

namespace ChildCare.Bot.Tests.Cases;

/// <summary>A Zalo photo's address is fetched by the Bot: never from a machine beside it.</summary>
public sealed class PublicAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void IsPublic_IsFalse_WhenTheAddressIsLocalOrPrivate(string address) =>
        Assert.False(PublicAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("203.113.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2001:4860:4860::8888")]
    public void IsPublic_IsTrue_WhenTheAddressIsOnTheInternet(string address) =>
        Assert.True(PublicAddresses.IsPublic(IPAddress.Parse(address)));
}
