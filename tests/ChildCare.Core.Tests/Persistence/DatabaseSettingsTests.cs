using ChildCare.Core.Configuration;
using ChildCare.Core.Persistence;
using Microsoft.Extensions.Configuration;

namespace ChildCare.Core.Tests.Persistence;

public sealed class DatabaseSettingsTests
{
    [Fact]
    public void Read_DefaultsToSqliteUnderContentRootData_WhenNothingIsSet()
    {
        var settings = DatabaseSettings.Read(Config(), "/srv/childcare");

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Contains("Data Source=/srv/childcare/data/childcare.db", settings.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("Sqlite, file /srv/childcare/data/childcare.db", settings.Describe());
    }

    [Fact]
    public void Read_KeepsAbsoluteSqlitePath()
    {
        var settings = DatabaseSettings.Read(Config(("ConnectionStrings:ChildCare", "Data Source=/var/lib/cc.db")), "/srv");

        Assert.Contains("Data Source=/var/lib/cc.db", settings.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("POSTGRES")]
    public void Read_AcceptsProviderInAnyCase(string provider)
    {
        var settings = DatabaseSettings.Read(Config(("Database:Provider", provider), ("ConnectionStrings:ChildCare", "Host=db;Database=cc;Password=secret")), "/srv");

        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
        Assert.Equal("Postgres, database cc on db:5432", settings.Describe());
        Assert.DoesNotContain("secret", settings.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Oracle")]
    public void Read_NamesTheKey_WhenProviderIsUnknown(string provider)
    {
        var error = Assert.Throws<ConfigurationException>(() => DatabaseSettings.Read(Config(("Database:Provider", provider)), "/srv"));

        Assert.Equal("Database:Provider", error.Key);
        Assert.Equal($"Configuration error: Database:Provider is '{provider}'; expected one of 'Sqlite', 'Postgres'.", error.Message);
    }

    [Theory]
    [InlineData("Host=db;Database=cc;Pasword=typo")]
    [InlineData("Database=cc")]
    [InlineData("Host=db")]
    public void Read_NamesTheConnectionString_WhenPostgresStringIsMalformed(string connectionString)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            DatabaseSettings.Read(Config(("Database:Provider", "Postgres"), ("ConnectionStrings:ChildCare", connectionString)), "/srv"));

        Assert.Equal("ConnectionStrings:ChildCare", error.Key);
        Assert.DoesNotContain("typo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NamesTheTimeout_WhenItIsNotANumber()
    {
        var error = Assert.Throws<ConfigurationException>(() => DatabaseSettings.Read(Config(("Database:StartupTimeoutSeconds", "-1")), "/srv"));

        Assert.Equal("Database:StartupTimeoutSeconds", error.Key);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
