using System.Data.Common;
using ChildCare.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChildCare.Core.Persistence;

/// <summary>
/// Brings the database to the current schema before anything else touches it. Several nodes may start at
/// once against one PostgreSQL database: they queue on an advisory lock, so exactly one applies migrations
/// and the others find them applied.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<ChildCareDbContext> contexts,
    DatabaseSettings settings,
    TimeProvider time,
    ILogger<DatabaseInitializer> logger)
{
    // Any fixed number shared by every node: "ChildCar" in ASCII.
    private const long MigrationLockKey = 0x4368696c64436172;

    /// <exception cref="ConfigurationException">The database cannot be reached or migrated.</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            await InitializeSqliteAsync(db, cancellationToken);
        }
        else
        {
            await InitializePostgresAsync(db, cancellationToken);
        }
    }

    private async Task InitializeSqliteAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
        try
        {
            var folder = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(folder))
            {
                System.IO.Directory.CreateDirectory(folder);
            }

            await MigrateAsync(db, cancellationToken);

            // WAL lets the scheduler read while a request writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(DatabaseSettings.ConnectionStringKey,
                $"names the SQLite file '{file}', which cannot be opened or written ({e.Message.TrimEnd('.')}).", e);
        }
    }

    private async Task InitializePostgresAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        await WaitUntilReachableAsync(cancellationToken);

        await using var lockConnection = new NpgsqlConnection(settings.OwnerConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // As the owner when ConnectionStrings:ChildCareMigrations is set: the application's account may lack the rights.
            db.Database.SetConnectionString(settings.OwnerConnectionString);
            // EF Core's PostgreSQL provider reads the history table without looking whether it exists, and logs the
            // "relation does not exist" of a new database as a failed command (two "fail:" lines on every first start,
            // npgsql/efcore.pg#3407). The table made first, with EF Core's own script, there is nothing to fail.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
            await MigrateAsync(db, cancellationToken);
        }
        finally
        {
            // Contexts are pooled: this one goes back to the pool and must not keep the owner's account.
            db.Database.SetConnectionString(settings.ConnectionString);
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            unlock.Parameters.AddWithValue("key", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task MigrateAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database: schema is current");
            return;
        }

        logger.LogInformation("Database: applying {Count} migration(s), last {Migration}", pending.Count, pending[^1]);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Retries for <see cref="DatabaseSettings.StartupTimeout"/> so a node that starts before its database
    /// (an orchestrator starting everything at once) waits instead of crash-looping. A missing database is
    /// created, once, by whichever node gets there first.
    /// </summary>
    private async Task WaitUntilReachableAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.StartupTimeout;
        var attempt = 0;
        while (true)
        {
            attempt++;
            // The setting a failure is told against: the owner's connection is opened first, then the application's.
            var (key, connectionString) = (settings.OwnerConnectionStringKey, settings.OwnerConnectionString);
            try
            {
                await using (var connection = new NpgsqlConnection(connectionString))
                {
                    await connection.OpenAsync(cancellationToken);
                }

                if (settings.MigrationConnectionString is not null)
                {
                    (key, connectionString) = (DatabaseSettings.ConnectionStringKey, settings.ConnectionString);
                    await OpenAsApplicationAsync(cancellationToken);
                }

                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await CreateDatabaseAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                throw new ConfigurationException(key,
                    $"is refused by the database server ({e.MessageText.TrimEnd('.')}); check Username and Password.", e);
            }
            catch (Exception e) when (e is NpgsqlException or DbException or TimeoutException or System.Net.Sockets.SocketException)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    var builder = new NpgsqlConnectionStringBuilder(connectionString);
                    throw new ConfigurationException(key,
                        $"points to {builder.Host}:{builder.Port}, which could not be reached within {settings.StartupTimeout.TotalSeconds:0} s ({Describe(e)}).", e);
                }

                if (attempt == 1)
                {
                    var reason = Describe(e);
                    logger.LogWarning("Database: not reachable yet ({Reason}); retrying for up to {Seconds} s", reason, settings.StartupTimeout.TotalSeconds);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// With two accounts, the application's is tried too once the owner's works: a wrong application account otherwise
    /// surfaced later as a stack trace from the first query (or Hangfire's start), not as the setting to fix. A refused
    /// or unreachable account is told by the caller's loop, against the setting being opened; a missing database here,
    /// unlike the owner's, is not created.
    /// </summary>
    private async Task OpenAsApplicationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            throw new ConfigurationException(DatabaseSettings.ConnectionStringKey,
                $"names the database {new NpgsqlConnectionStringBuilder(settings.ConnectionString).Database}, which does not exist; it must name the database of {DatabaseSettings.MigrationConnectionStringKey} ({new NpgsqlConnectionStringBuilder(settings.MigrationConnectionString).Database}).", e);
        }
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Database.SetConnectionString(settings.OwnerConnectionString);
        try
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateAsync(cancellationToken);
            var name = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Database;
            logger.LogInformation("Database: created {Database}", name);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another node created it a moment ago.
        }
        finally
        {
            // Contexts are pooled: this one goes back to the pool and must not keep the owner's account.
            db.Database.SetConnectionString(settings.ConnectionString);
        }
    }

    private static string Describe(Exception e) =>
        (e.InnerException is { } inner ? $"{e.Message.TrimEnd('.')}: {inner.Message}" : e.Message).TrimEnd('.');
}
