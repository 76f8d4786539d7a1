using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Core.Persistence;

// Used only by dotnet-ef to build the model when adding migrations; never at run time. Identity's part of the model
// reads its store options from the application's services, so the tool is given the same ones as the app.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteChildCareDbContext>
{
    public SqliteChildCareDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteChildCareDbContext>().UseSqlite("Data Source=design.db").UseApplicationServiceProvider(DesignTimeServices.Identity()).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresChildCareDbContext>
{
    public PostgresChildCareDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresChildCareDbContext>().UseNpgsql("Host=localhost;Database=design").UseApplicationServiceProvider(DesignTimeServices.Identity()).Options);
}

internal static class DesignTimeServices
{
    public static ServiceProvider Identity()
    {
        var services = new ServiceCollection();
        services.AddIdentityCore<OfficialAccount>(options => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
        return services.BuildServiceProvider();
    }
}
