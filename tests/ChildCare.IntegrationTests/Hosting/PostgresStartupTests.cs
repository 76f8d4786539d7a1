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
            // A new database is no failure: nothing logged as one (EF Core's provider did, reading the history table).
            Assert.DoesNotContain("fail:", first.StandardOutput, StringComparison.Ordinal);
        }

        port = FreePort.Next();
        await using var second = Programs.StartBot(port, settings);
        var health = await second.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);

        Assert.Contains("schema is current", second.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("0", Check(health, "database").GetProperty("data").GetProperty("pendingMigrations").GetString());
    }

    [Fact]
    public async Task Bot_RunsItsJobsAsTheApplicationAccount_WhenTheOwnerMigrates()
    {
        // The documented two-account deployment (scripts/postgres-app-role.sql): the owner migrates, Hangfire's schema
        // included; the application account only reads and writes rows, Hangfire's too.
        var owner = await TestPostgres.CreateDatabaseAsync("approlebot");
        var port = FreePort.Next();
        await using (var first = Programs.StartBot(port, Programs.Postgres(owner)))
        {
            await first.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);
        }

        var role = "cc_app_" + Guid.NewGuid().ToString("N")[..12];
        var app = await TestPostgres.CreateApplicationRoleAsync(owner, role);
        try
        {
            var settings = Programs.Postgres(app);
            settings["ConnectionStrings__ChildCareMigrations"] = owner;
            port = FreePort.Next();
            await using var node = Programs.StartBot(port, settings);
            var health = await node.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);

            // Its Hangfire server registered itself as the application account, and nothing was refused.
            Assert.Equal(1, await TestPostgres.ScalarAsync<int>(owner, $"SELECT count(*)::int FROM hangfire.server WHERE id LIKE '{InstanceId(health)}%'"));
            Assert.DoesNotContain("permission denied", node.StandardOutput + node.StandardError, StringComparison.OrdinalIgnoreCase);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => TestPostgres.ExecuteAsync(app, "CREATE TABLE hangfire.not_yours (id int)"));
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        finally
        {
            await TestPostgres.DropRoleAsync(owner, role);
        }
    }

    [Fact]
    public async Task Bot_ExitsWithSentenceNamingTheApplicationsConnectionString_WhenItsAccountDoesNotExist()
    {
        var owner = await TestPostgres.CreateDatabaseAsync("noapprole");
        var settings = Programs.Postgres(new Npgsql.NpgsqlConnectionStringBuilder(owner) { Username = "cc_nobody_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString);
        settings["ConnectionStrings__ChildCareMigrations"] = owner;

        await using var node = Programs.StartBot(FreePort.Next(), settings);

        Assert.Equal(2, await node.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(node.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ConnectionStrings:ChildCare is refused by the database server", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduler_ExitsWithSentenceNamingPrivacyKey_WhenItsKeyIsNotTheBots()
    {
        // A Scheduler node given another key would seal reminders that no Bot node can open: it must not start.
        var connectionString = await TestPostgres.CreateDatabaseAsync("otherkey");
        var port = FreePort.Next();
        await using (var bot = Programs.StartBot(port, Programs.Postgres(connectionString)))
        {
            await bot.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);
        }

        var settings = Programs.Postgres(connectionString);
        settings["Privacy__Key"] = TestPrivacy.NewKey();
        await using var scheduler = Programs.StartScheduler(FreePort.Next(), settings);

        Assert.Equal(2, await scheduler.WaitForExitAsync(StartTimeout));
        var line = Assert.Single(scheduler.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: Privacy:Key is not the key this database's values were sealed with", line, StringComparison.Ordinal);
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
