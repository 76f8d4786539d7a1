using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Tests.Persistence;

/// <summary>
/// The model and each provider's migrations agree: a model change with a migration for one provider only (or none)
/// fails here. No database is opened: the model is compared with each provider's snapshot.
/// </summary>
public sealed class MigrationsTests
{
    [Fact]
    public void SqliteMigrations_MatchTheModel_WhenTheModelChanged()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The SQLite migrations lag the model: add a migration for both providers (README, Adding a migration).");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void PostgresMigrations_MatchTheModel_WhenTheModelChanged()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "The PostgreSQL migrations lag the model: add a migration for both providers (README, Adding a migration).");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrations_ByName()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgresDesignTimeFactory().CreateDbContext([]);

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
