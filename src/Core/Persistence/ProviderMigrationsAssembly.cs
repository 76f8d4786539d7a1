using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace ChildCare.Core.Persistence;

#pragma warning disable EF1001 // EF's own migrations assembly; only where it looks for the migrations changes.

/// <summary>
/// EF Core's migrations assembly, looking for the migrations and the model snapshot of a context among the types of
/// its provider's namespace only (<c>Persistence/Migrations/Sqlite</c> or <c>/Postgres</c>), named from the assembly's
/// metadata. EF's own search loads every type of ChildCare.Core to ask each whether it is a migration: at every start
/// (the pending-migrations check) about 1,800 types, with the other provider's compiled model and migrations and its
/// driver (Npgsql on SQLite), measured at 17 MB in a bare process (issue 21). Where the assembly has no file to read
/// its metadata from (a single-file bundle), EF's search runs as before.
/// </summary>
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyList<TypeInfo>? _candidates;
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private (bool Found, ModelSnapshot? Snapshot) _snapshot;

    /// <summary>Where each provider's migrations live; a context not listed gets EF's search over every type.</summary>
    public static string? MigrationsNamespace(Type contextType) =>
        contextType == typeof(SqliteChildCareDbContext) ? "ChildCare.Core.Persistence.Migrations.Sqlite"
        : contextType == typeof(PostgresChildCareDbContext) ? "ChildCare.Core.Persistence.Migrations.Postgres"
        : null;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations
    {
        get
        {
            if (Candidates() is not { } candidates)
            {
                return base.Migrations;
            }

            return _migrations ??= new SortedList<string, TypeInfo>(candidates
                .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType)
                .Select(t => (Id: t.GetCustomAttribute<MigrationAttribute>()?.Id, Type: t))
                .Where(m => m.Id is not null)
                .ToDictionary(m => m.Id!, m => m.Type, StringComparer.Ordinal), StringComparer.Ordinal);
        }
    }

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (Candidates() is not { } candidates)
            {
                return base.ModelSnapshot;
            }

            if (!_snapshot.Found)
            {
                var type = candidates.FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
                _snapshot = (true, type is null ? null : (ModelSnapshot?)Activator.CreateInstance(type.AsType()));
            }

            return _snapshot.Snapshot;
        }
    }

    /// <summary>The top-level, non-abstract classes of the provider's namespace, loaded by name; null: search them all.</summary>
    private IReadOnlyList<TypeInfo>? Candidates()
    {
        if (_candidates is not null)
        {
            return _candidates;
        }

        var assembly = Assembly;
        if (MigrationsNamespace(_contextType) is not { } wanted || assembly != _contextType.Assembly || string.IsNullOrEmpty(assembly.Location))
        {
            return null;
        }

        var names = new List<string>();
        using (var stream = File.OpenRead(assembly.Location))
        using (var pe = new PEReader(stream))
        {
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.TypeDefinitions)
            {
                var definition = metadata.GetTypeDefinition(handle);
                if (definition.GetDeclaringType().IsNil && metadata.StringComparer.Equals(definition.Namespace, wanted))
                {
                    names.Add(wanted + "." + metadata.GetString(definition.Name));
                }
            }
        }

        return _candidates = names
            .Select(name => assembly.GetType(name, throwOnError: true)!.GetTypeInfo())
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsGenericTypeDefinition)
            .ToList();
    }
}
