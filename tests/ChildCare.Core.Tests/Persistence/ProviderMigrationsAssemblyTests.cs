using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Core.Tests.Persistence;

/// <summary>
/// The narrower migrations search (<see cref="ProviderMigrationsAssembly"/>) finds what EF Core's own search over every
/// type finds, for each provider, and the app's contexts use it. No database is opened.
/// </summary>
public sealed class ProviderMigrationsAssemblyTests
{
    [Fact]
    public void Migrations_AreEfCoresOwn_WhenSqlite()
    {
        using var own = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var narrow = Narrowed<SqliteChildCareDbContext>(own, o => o.UseSqlite("Data Source=design.db"));

        AssertSameMigrations(own, narrow);
    }

    [Fact]
    public void Migrations_AreEfCoresOwn_WhenPostgres()
    {
        using var own = new PostgresDesignTimeFactory().CreateDbContext([]);
        using var narrow = Narrowed<PostgresChildCareDbContext>(own, o => o.UseNpgsql("Host=localhost;Database=design"));

        AssertSameMigrations(own, narrow);
    }

    [Fact]
    public async Task AppContexts_UseTheNarrowSearch_WhenRegistered()
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddChildCarePersistence(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:", TimeSpan.FromSeconds(10)))
            .BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();

        var migrations = db.GetService<IMigrationsAssembly>();

        Assert.IsType<ProviderMigrationsAssembly>(migrations);
        Assert.NotEmpty(migrations.Migrations);
    }

    private static TContext Narrowed<TContext>(DbContext own, Action<DbContextOptionsBuilder<TContext>> provider)
        where TContext : ChildCareDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        provider(builder);
        builder.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        var context = (TContext)Activator.CreateInstance(typeof(TContext), builder.Options)!;
        Assert.IsNotType<ProviderMigrationsAssembly>(own.GetService<IMigrationsAssembly>());
        return context;
    }

    private static void AssertSameMigrations(DbContext own, DbContext narrow)
    {
        var expected = own.GetService<IMigrationsAssembly>();
        var actual = narrow.GetService<IMigrationsAssembly>();

        Assert.IsType<ProviderMigrationsAssembly>(actual);
        Assert.NotEmpty(actual.Migrations);
        Assert.Equal(expected.Migrations.Select(m => (m.Key, m.Value)), actual.Migrations.Select(m => (m.Key, m.Value)));
        Assert.NotNull(actual.ModelSnapshot);
        Assert.Equal(expected.ModelSnapshot?.GetType(), actual.ModelSnapshot.GetType());
        Assert.Equal(expected.FindMigrationId("Initial"), actual.FindMigrationId("Initial"));
    }
}
