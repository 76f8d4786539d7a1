using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Core.Tests.Persistence;

/// <summary>
/// The application lists its migrations (<see cref="ListedMigrationsAssembly"/>) rather than looking among every type of
/// ChildCare.Core as EF Core does: both must give the same migrations and snapshot, for both providers, or a migration
/// left off the list would never be applied. No database is opened.
/// </summary>
public sealed class MigrationsLookupTests
{
    [Fact]
    public void SqliteMigrations_Listed_AreTheOnesEfCoreFinds()
    {
        using var services = Services(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:", TimeSpan.FromSeconds(10)));
        using var efCore = new SqliteDesignTimeFactory().CreateDbContext([]);

        AssertSameMigrations(efCore, services);
    }

    [Fact]
    public void PostgresMigrations_Listed_AreTheOnesEfCoreFinds()
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

        Assert.IsType<ListedMigrationsAssembly>(ours);
        Assert.IsNotType<ListedMigrationsAssembly>(theirs);
        Assert.NotEmpty(ours.Migrations);
        Assert.Equal(theirs.Migrations.Select(m => (m.Key, m.Value)), ours.Migrations.Select(m => (m.Key, m.Value)));
        Assert.NotNull(ours.ModelSnapshot);
        Assert.Equal(theirs.ModelSnapshot?.GetType(), ours.ModelSnapshot.GetType());
    }
}
