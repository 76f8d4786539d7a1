using System.Text.Json;
using ChildCare.Testing;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary>Several nodes start at once against one empty PostgreSQL database and all come up healthy.</summary>
public sealed class PostgresStartupTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoBots_BothBecomeHealthy_WhenStartedTogetherOnEmptyDatabase()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("twobots");
        var settings = Programs.Postgres(connectionString);
        var (portA, portB) = (FreePort.Next(), FreePort.Next());

        await using var a = Programs.StartBot(portA, settings);
        await using var b = Programs.StartBot(portB, settings);
        var healthA = await a.WaitForHealthyAsync($"http://127.0.0.1:{portA}/healthz", StartTimeout);
        var healthB = await b.WaitForHealthyAsync($"http://127.0.0.1:{portB}/healthz", StartTimeout);

        var idA = InstanceId(healthA);
        var idB = InstanceId(healthB);
        Assert.NotEqual(idA, idB);
        // Each migration applied exactly once although both nodes migrated at the same time.
        Assert.Equal(
            await TestPostgres.ScalarAsync<int>(connectionString, """SELECT count(DISTINCT "MigrationId") FROM "__EFMigrationsHistory" """),
            await TestPostgres.ScalarAsync<int>(connectionString, """SELECT count(*) FROM "__EFMigrationsHistory" """));
        Assert.True(await TestPostgres.ScalarAsync<int>(connectionString, """SELECT count(*) FROM "__EFMigrationsHistory" """) >= 1);
        Assert.Equal(2, await TestPostgres.ScalarAsync<int>(connectionString, "SELECT count(*) FROM hangfire.server"));
    }

    [Fact]
    public async Task Bot_ReusesDatabase_WhenStartedAgain()
    {
        var database = TestPostgres.NewDatabaseName("restart");
        var connectionString = TestPostgres.ConnectionStringFor(database);
        var settings = Programs.Postgres(connectionString);

        // The first start creates the database itself.
        var port = FreePort.Next();
        await using (var first = Programs.StartBot(port, settings))
        {
            await first.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);
            Assert.Contains("applying", first.StandardOutput, StringComparison.Ordinal);
        }

        port = FreePort.Next();
        await using var second = Programs.StartBot(port, settings);
        var health = await second.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);

        Assert.Contains("schema is current", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("0", Check(health, "database").GetProperty("data").GetProperty("pendingMigrations").GetString());
    }

    internal static string InstanceId(string health) =>
        Check(health, "scheduler-cluster").GetProperty("data").GetProperty("instanceId").GetString()!;

    internal static JsonElement Check(string health, string name)
    {
        using var document = JsonDocument.Parse(health);
        var check = document.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name);
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        return check.Clone();
    }
}
