using ChildCare.Core.Persistence;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Where Hangfire keeps its jobs. PostgreSQL: the product's database, schema <c>hangfire</c>, created when missing
/// (by the owner's account when <c>ConnectionStrings:ChildCareMigrations</c> is set); every node shares it. SQLite
/// (the embedded default, one node): in memory. Queued and delayed jobs die with the process there, which costs
/// nothing lasting: recurring jobs are registered again at start, and the sweep re-creates the case checks from our
/// tables. Hangfire.Storage.SQLite would keep them, for 19 MB of native
/// libraries and a second SQLite binding beside EF Core's.
/// </summary>
public static class JobStores
{
    public const string Schema = "hangfire";

    public static JobStorage Create(DatabaseSettings database, SchedulerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(settings);
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        }

        return Postgres(database, settings);
    }

    // Its own method, typed JobStorage, so that a SQLite node never loads Hangfire.PostgreSql (compiling Create would).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "The concrete type would load Hangfire.PostgreSql wherever Create is compiled.")]
    private static JobStorage Postgres(DatabaseSettings database, SchedulerSettings settings)
    {
        if (database.MigrationConnectionString is { } owner)
        {
            // Two accounts: Hangfire's schema belongs to the owner, like the product's tables, and is made or upgraded
            // with the owner's account (the storage's constructor does it); the application's account only reads and
            // writes its rows (scripts/postgres-app-role.sql), and cannot create a schema.
            var install = new PostgreSqlStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = true, StartupConnectionMaxRetries = 5 };
            _ = new PostgreSqlStorage(new NpgsqlConnectionFactory(owner, install), install);
        }

        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = database.MigrationConnectionString is null,
            QueuePollInterval = settings.PollInterval,
            // A job fetched by a node that was killed is fetched again after this; the living node renews it.
            InvisibilityTimeout = settings.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
            // A lock left by a killed node frees itself after this: no lock is held longer by design.
            DistributedLockTimeout = settings.InvisibilityTimeout,
            StartupConnectionMaxRetries = 5,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
    }
}
