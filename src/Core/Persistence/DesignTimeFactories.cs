using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildCare.Core.Persistence;

// Used only by dotnet-ef to build the model when adding migrations; never at run time.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteChildCareDbContext>
{
    public SqliteChildCareDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteChildCareDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresChildCareDbContext>
{
    // The application's SQL generator, so that `dotnet ef migrations script` writes what the application runs.
    public PostgresChildCareDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresChildCareDbContext>().UseNpgsql("Host=localhost;Database=design")
            .ReplaceService<IMigrationsSqlGenerator, PostgresMigrationsSqlGenerator>().Options);
}
