using Npgsql;

namespace ChildCare.Testing;

/// <summary>
/// The throwaway PostgreSQL cluster that ./test.sh starts. Each test gets a database of its own, so tests
/// run in parallel without seeing each other's rows. A missing cluster fails the test: it is never skipped.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "CHILDCARE_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL; PostgreSQL tests fail rather than skip without it.");

    /// <summary>A fresh database name (PostgreSQL allows 63 characters).</summary>
    public static string NewDatabaseName(string purpose)
    {
        var name = $"cc_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}";
        return name.Length <= 63 ? name : name[..63];
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = false }.ConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = NewDatabaseName(purpose);
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes the documented account for the application (scripts/postgres-app-role.sql, run as the owner of
    /// <paramref name="ownerConnectionString"/>'s database) and returns its connection string; <see cref="DropRoleAsync"/>
    /// removes it.
    /// </summary>
    public static async Task<string> CreateApplicationRoleAsync(string ownerConnectionString, string role)
    {
        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString).Username;
        var script = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "scripts", "postgres-app-role.sql")))
            .Replace(":\"app_role\"", $"\"{role}\"", StringComparison.Ordinal)
            .Replace(":\"owner_role\"", $"\"{owner}\"", StringComparison.Ordinal)
            .Replace(":'app_password'", "'app-password'", StringComparison.Ordinal);
        await ExecuteAsync(ownerConnectionString, script);
        return new NpgsqlConnectionStringBuilder(ownerConnectionString) { Username = role, Password = "app-password" }.ConnectionString;
    }

    public static async Task DropRoleAsync(string ownerConnectionString, string role)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(ownerConnectionString, $"DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\"");
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
