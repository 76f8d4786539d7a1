using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChildCare.Core.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ChildCareDbContext"/> (scoped) and <see cref="IDbContextFactory{ChildCareDbContext}"/>
    /// (for background work) on the configured provider, plus the start-up migrator and the health check.
    /// </summary>
    public static IServiceCollection AddChildCarePersistence(this IServiceCollection services, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);

        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                Register<SqliteChildCareDbContext>(services, o => o.UseSqlite(settings.ConnectionString)
                    .ReplaceService<IMigrationsAssembly, ListedMigrationsAssembly>());
                break;
            case DatabaseProvider.Postgres:
                Register<PostgresChildCareDbContext>(services, o => o.UseNpgsql(settings.ConnectionString)
                    .ReplaceService<IMigrationsSqlGenerator, PostgresMigrationsSqlGenerator>()
                    .ReplaceService<IMigrationsAssembly, ListedMigrationsAssembly>());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider.");
        }

        services.AddSingleton<DatabaseInitializer>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    private static void Register<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : ChildCareDbContext
    {
        // Pooled: the inbox, the outbox and the help desk each make a context per step, hundreds a second under load,
        // and a fresh one costs its service provider look-ups and state every time. Nothing sets per-context state
        // (timeouts, tracking, connections), so a reset context from the pool is as good as a new one.
        services.AddPooledDbContextFactory<TContext>(options =>
        {
            configure(options);
            // Migrate() would otherwise build the design-time model (OnModelCreating through every convention) only to
            // compare it with the last migration: on a first start about 1,200 more methods compiled and 4 to 7 MB that
            // stayed (issue 21). MigrationsTests makes the same comparison, for both providers, before anything ships.
            options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        services.AddSingleton<IDbContextFactory<ChildCareDbContext>, ProviderDbContextFactory<TContext>>();
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddScoped<ChildCareDbContext>(sp => sp.GetRequiredService<TContext>());
    }
}
