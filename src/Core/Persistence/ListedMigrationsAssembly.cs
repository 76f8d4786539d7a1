using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using PostgresMigrations = ChildCare.Core.Persistence.Migrations.Postgres;
using SqliteMigrations = ChildCare.Core.Persistence.Migrations.Sqlite;

namespace ChildCare.Core.Persistence;

/// <summary>
/// The migrations and model snapshot of each provider, listed. EF Core's own look-up loads every type of ChildCare.Core
/// to find them, and with them Npgsql's EF provider and the PostgreSQL model even on SQLite: about 2 MB more at start on
/// the embedded default (issue 21). A migration added (README, "Adding a migration") is added to its provider's list
/// here too: <c>MigrationsLookupTests</c> fails until both lists hold what EF Core's look-up finds.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF Core's internal API; its overridable look-ups are what this replaces.
internal sealed class ListedMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    internal static readonly Type[] Sqlite = [typeof(SqliteMigrations.Initial), typeof(SqliteMigrations.UnitTrackedSince), typeof(SqliteMigrations.PlannedRules), typeof(SqliteMigrations.PrivacyKeyCheck)];

    internal static readonly Type[] Postgres = [typeof(PostgresMigrations.Initial), typeof(PostgresMigrations.UnitTrackedSince), typeof(PostgresMigrations.PlannedRules), typeof(PostgresMigrations.PrivacyKeyCheck)];

    private readonly bool _postgres = currentContext.Context is PostgresChildCareDbContext;
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= new SortedList<string, TypeInfo>(
            (_postgres ? Postgres : Sqlite).ToDictionary(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, t => t.GetTypeInfo()),
            StringComparer.Ordinal);

    public override ModelSnapshot? ModelSnapshot =>
        _snapshot ??= _postgres ? new PostgresMigrations.PostgresChildCareDbContextModelSnapshot() : new SqliteMigrations.SqliteChildCareDbContextModelSnapshot();
}
#pragma warning restore EF1001
