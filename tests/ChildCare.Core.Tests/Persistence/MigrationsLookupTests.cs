using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Core.Tests.Persistence;

/// <summary>
/// The application looks its migrations up in their namespace only (<see cref="MigrationsNamespaceAssembly"/>), not
/// among every type of ChildCare.Core as EF Core does: both look-ups must find the same migrations and snapshot, for
/// both providers, or a migration outside the namespace would never be applied. No database is opened.
/// </summary>
public sealed class MigrationsLookupTests
{
    [Fact]
    public void TypeNames_ReadsTheMigrationsNamespace_WhenTheAssemblyFileIsThere()
    {
        var names = MigrationsNamespaceAssembly.TypeNames(typeof(ChildCareDbContext).Assembly, MigrationsNamespaceAssembly.Namespace);

        Assert.NotNull(names);
        var expected = typeof(ChildCareDbContext).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace is { } ns && (ns == MigrationsNamespaceAssembly.Namespace || ns.StartsWith(MigrationsNamespaceAssembly.Namespace + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TypeNames_IsNull_WhenTheFileIsNotTheAssemblyLoaded()
    {
        var core = typeof(ChildCareDbContext).Assembly;

        Assert.NotNull(MigrationsNamespaceAssembly.TypeNames(core.Location, MigrationsNamespaceAssembly.Namespace, core.ManifestModule.ModuleVersionId));
        Assert.Null(MigrationsNamespaceAssembly.TypeNames(core.Location, MigrationsNamespaceAssembly.Namespace, Guid.NewGuid()));
    }

    [Fact]
    public void SqliteMigrations_AreTheOnesEfCoreFinds_WhenLookedUpInTheirNamespace()
    {
        using var services = Services(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:", TimeSpan.FromSeconds(10)));
        using var efCore = new SqliteDesignTimeFactory().CreateDbContext([]);

        AssertSameMigrations(efCore, services);
    }

    [Fact]
    public void PostgresMigrations_AreTheOnesEfCoreFinds_WhenLookedUpInTheirNamespace()
    {
        using var services = Services(new DatabaseSettings(DatabaseProvider.Postgres, "Host=localhost;Database=lookup", TimeSpan.FromSeconds(10)));
        using var efCore = new PostgresDesignTimeFactory().CreateDbContext([]);

        AssertSameMigrations(efCore, services);
    }

    private static ServiceProvider Services(DatabaseSettings settings) =>
        new ServiceCollection().AddLogging().AddChildCarePersistence(settings).BuildServiceProvider();

    private static void AssertSameMigrations(DbContext efCore, ServiceProvider services)
    {
        using var db = services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
        var ours = db.GetService<IMigrationsAssembly>();
        var theirs = efCore.GetService<IMigrationsAssembly>();

        Assert.IsType<MigrationsNamespaceAssembly>(ours);
        Assert.IsNotType<MigrationsNamespaceAssembly>(theirs);
        Assert.NotEmpty(ours.Migrations);
        Assert.Equal(theirs.Migrations.Select(m => (m.Key, m.Value)), ours.Migrations.Select(m => (m.Key, m.Value)));
        Assert.NotNull(ours.ModelSnapshot);
        Assert.Equal(theirs.ModelSnapshot?.GetType(), ours.ModelSnapshot.GetType());
    }
}
