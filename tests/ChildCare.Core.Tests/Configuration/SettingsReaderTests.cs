using ChildCare.Core.Configuration;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Tests.Configuration;

public sealed class SettingsReaderTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    [InlineData(" True ", true)]
    public void Flag_ReadsBooleans(string? value, bool expected) =>
        Assert.Equal(expected, SettingsReader.Flag(Config("A:B", value), "A:B", fallback: true));

    [Fact]
    public void Flag_NamesKeyAndValue_WhenNotBoolean()
    {
        var error = Assert.Throws<ConfigurationException>(() => SettingsReader.Flag(Config("A:B", "yes"), "A:B", true));

        Assert.Equal("Configuration error: A:B is 'yes'; expected true or false.", error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("12.5")]
    [InlineData("many")]
    public void WholeNumber_RefusesValuesOutsideTheRange(string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => SettingsReader.WholeNumber(Config("P", value), "P", 80, 1, 65535));

        Assert.Contains("expected a whole number from 1 to 65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Url_RefusesRelativeAndOtherSchemes()
    {
        Assert.Throws<ConfigurationException>(() => SettingsReader.Url(Config("U", "/relative"), "U", "http", "https"));
        Assert.Throws<ConfigurationException>(() => SettingsReader.Url(Config("U", "ftp://x"), "U", "http", "https"));
        Assert.Equal(new Uri("https://x.example/"), SettingsReader.Url(Config("U", "https://x.example/"), "U", "http", "https"));
    }

    private static IConfiguration Config(string key, string? value) =>
        new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, value)]).Build();
}
