using ChildCare.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace ChildCare.Core.Persistence;

/// <summary>Where the product keeps its data, read and checked once at start-up.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, TimeSpan StartupTimeout)
{
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:ChildCare";
    public const string MigrationConnectionStringKey = "ConnectionStrings:ChildCareMigrations";
    public const string StartupTimeoutKey = "Database:StartupTimeoutSeconds";
    public const string DefaultSqlitePath = "data/childcare.db";

    /// <summary>
    /// Reads the settings; a relative SQLite path is resolved against <paramref name="contentRoot"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">A value is missing or malformed.</exception>
    public static DatabaseSettings Read(IConfiguration configuration, string contentRoot)
    {
        var provider = SettingsReader.Choice(configuration, ProviderKey, DatabaseProvider.Sqlite);
        var timeout = TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, StartupTimeoutKey, 30, 0, 3600));
        var raw = SettingsReader.Text(configuration, ConnectionStringKey);

        var connectionString = provider switch
        {
            DatabaseProvider.Sqlite => SqliteConnectionString(raw ?? $"Data Source={DefaultSqlitePath}", contentRoot),
            DatabaseProvider.Postgres => WithPreparedStatements(PostgresConnectionString(raw, ConnectionStringKey), raw!),
            _ => throw new ConfigurationException(ProviderKey, $"is '{provider}', which this build does not support."),
        };
        var migrations = SettingsReader.Text(configuration, MigrationConnectionStringKey);
        if (migrations is not null && provider != DatabaseProvider.Postgres)
        {
            throw new ConfigurationException(MigrationConnectionStringKey, $"is set, but it is for PostgreSQL only ({ProviderKey} is {provider}); remove it.");
        }

        return new DatabaseSettings(provider, connectionString, timeout)
        {
            MigrationConnectionString = migrations is null ? null : PostgresConnectionString(migrations, MigrationConnectionStringKey),
        };
    }

    /// <summary>
    /// PostgreSQL: the owner's connection, used only to create the database and apply migrations, so that the
    /// application's own account (<see cref="ConnectionString"/>) can be one with fewer rights, e.g. only
    /// INSERT and SELECT on case_events. Null: the application's account migrates too.
    /// </summary>
    public string? MigrationConnectionString { get; init; }

    /// <summary>The connection that creates and migrates the database.</summary>
    public string OwnerConnectionString => MigrationConnectionString ?? ConnectionString;

    /// <summary>The setting <see cref="OwnerConnectionString"/> comes from, named when it fails.</summary>
    public string OwnerConnectionStringKey => MigrationConnectionString is null ? ConnectionStringKey : MigrationConnectionStringKey;

    /// <summary>What start-up logs about the database: never the password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"Sqlite, file {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
        _ => DescribePostgres(),
    };

    private string DescribePostgres()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"Postgres, database {builder.Database} on {builder.Host}:{builder.Port}";
    }

    private static string SqliteConnectionString(string raw, string contentRoot)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(raw);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            throw new ConfigurationException(ConnectionStringKey, $"is not a valid SQLite connection string ({FirstSentence(e)}); expected for example 'Data Source={DefaultSqlitePath}'.", e);
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ConfigurationException(ConnectionStringKey, $"names no SQLite file; expected for example 'Data Source={DefaultSqlitePath}'.");
        }

        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }

        // Writers wait for each other instead of failing with "database is locked": the scheduler and the
        // web requests share one file.
        if (!raw.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }

    private static string PostgresConnectionString(string? raw, string key)
    {
        if (raw is null)
        {
            throw new ConfigurationException(key, $"is missing; {ProviderKey} is Postgres, so set it, for example 'Host=localhost;Database=childcare;Username=childcare;Password=...'.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(raw);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new ConfigurationException(key, $"is not a valid PostgreSQL connection string ({FirstSentence(e)}).", e);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ConfigurationException(key, "names no Host; expected for example 'Host=localhost;Database=childcare;Username=childcare'.");
        }

        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new ConfigurationException(key, "names no Database; expected for example 'Host=localhost;Database=childcare;Username=childcare'.");
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Statements the application runs again and again (the inbox's and the outbox's claims above all) are prepared on
    /// each connection after a few uses, so PostgreSQL parses and plans them once, not at every call: a single update's
    /// reply came in 8 ms instead of 12 to 15 (webhook-ingest). Unless the connection string sets Max Auto Prepare itself.
    /// </summary>
    private static string WithPreparedStatements(string connectionString, string raw)
    {
        if (raw.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase) || raw.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepared }.ConnectionString;
    }

    /// <summary>Statements kept prepared per connection by default: more than the application's hot ones.</summary>
    internal const int MaxAutoPrepared = 64;

    // Connection-string parsers sometimes echo the whole string back; keep only what does not carry secrets.
    private static string FirstSentence(Exception e)
    {
        var message = e.Message;
        var cut = message.IndexOfAny(['.', '\n']);
        return cut > 0 ? message[..cut] : message;
    }
}
