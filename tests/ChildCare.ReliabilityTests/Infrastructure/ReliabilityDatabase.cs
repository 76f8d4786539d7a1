using ChildCare.Testing;
using Npgsql;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database of the throwaway cluster for one test; every node of the test shares it. Dropped
/// (with FORCE: killed nodes leave sessions behind) when disposed. Without the cluster the test fails with the
/// reason, never skips.
/// </summary>
internal sealed class ReliabilityDatabase : IAsyncDisposable
{
    private ReliabilityDatabase(string connectionString)
    {
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ReliabilityDatabase> CreateAsync(string purpose) => new(await TestPostgres.CreateDatabaseAsync(purpose));

    /// <summary>What every node needs to use this database (configuration keys).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:ChildCare"] = ConnectionString,
        ["Privacy:Key"] = TestPrivacy.Key,
        ["Database:StartupTimeoutSeconds"] = "60",
    };

    public Task<T> ScalarAsync<T>(string sql) => TestPostgres.ScalarAsync<T>(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString, sql);

    /// <summary>Rows of a one-column query.</summary>
    public async Task<List<T>> ListAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        try
        {
            await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The cluster is being restarted or gone: with-postgres.sh removes it whole at the end.
        }
    }
}
