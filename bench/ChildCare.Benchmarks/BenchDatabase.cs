using System.Data.Common;
using System.Globalization;
using ChildCare.Core.Messaging;
using ChildCare.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChildCare.Benchmarks;

/// <summary>
/// A fresh, empty database for one run: a SQLite file in the temporary folder, or a new database on the
/// PostgreSQL server named by CHILDCARE_TEST_POSTGRES. The Bot migrates it at start-up; it is removed after.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _postgresName;

    private BenchDatabase(string provider, string connectionString, string? sqliteFile, string? postgresName)
    {
        (Provider, ConnectionString, _sqliteFile, _postgresName) = (provider, connectionString, sqliteFile, postgresName);
    }

    /// <summary>"Sqlite" or "Postgres", as Database:Provider takes it.</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public static BenchDatabase Sqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"childcare-bench-{Guid.NewGuid():N}.db");
        return new BenchDatabase(TestDatabase.Sqlite, $"Data Source={file}", file, null);
    }

    /// <exception cref="BenchUsageException">CHILDCARE_TEST_POSTGRES is not set.</exception>
    public static async Task<BenchDatabase> PostgresAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestPostgres.EnvironmentVariable)))
        {
            throw new BenchUsageException(
                $"this benchmark needs PostgreSQL: set {TestPostgres.EnvironmentVariable} or run it under scripts/with-postgres.sh.");
        }

        var connectionString = await TestPostgres.CreateDatabaseAsync("bench");
        return new BenchDatabase(TestDatabase.Postgres, connectionString, null, new NpgsqlConnectionStringBuilder(connectionString).Database);
    }

    /// <summary>What the report says about the database: never a password.</summary>
    public string Describe() => _sqliteFile is not null
        ? "SQLite (temporary file)"
        : $"PostgreSQL (fresh database {_postgresName} on {new NpgsqlConnectionStringBuilder(ConnectionString).Host})";

    /// <summary>How many outbox rows there are, and how many by status with the commonest error of each.</summary>
    public async Task<(long Total, string ByStatus)> DescribeOutboxAsync()
    {
        await using DbConnection connection = _sqliteFile is not null ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT status, count(*), (SELECT last_error FROM outbox_messages e WHERE e.status = o.status AND e.last_error IS NOT NULL
                                      GROUP BY last_error ORDER BY count(*) DESC LIMIT 1)
            FROM outbox_messages o GROUP BY status ORDER BY status
            """;
        var (total, parts) = (0L, new List<string>());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = (OutboxStatus)reader.GetInt32(0);
            var error = reader.IsDBNull(2) ? "" : $" ({reader.GetString(2)})";
            total += reader.GetInt64(1);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{status} {reader.GetInt64(1):N0}{error}"));
        }

        return (total, string.Join(", ", parts));
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }

        if (_postgresName is not null)
        {
            await using var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString);
            await connection.OpenAsync();
            // FORCE: the Bot's pooled connections may still be open.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
