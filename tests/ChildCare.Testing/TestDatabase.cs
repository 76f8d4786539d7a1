using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildCare.Testing;

/// <summary>A migrated database of its own for one test, on either provider, with the product's services.</summary>
public static class TestDatabase
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public static async Task<DatabaseSettings> CreateAsync(string provider, string purpose) => provider switch
    {
        Sqlite => new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Path.GetTempPath(), $"cc-{purpose}-{Guid.NewGuid():N}.db")};Default Timeout=30", TimeSpan.FromSeconds(10)),
        Postgres => new DatabaseSettings(DatabaseProvider.Postgres, await TestPostgres.CreateDatabaseAsync(purpose), TimeSpan.FromSeconds(10)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Sqlite or Postgres"),
    };

    /// <summary>Builds a container with persistence (plus whatever <paramref name="configure"/> adds) and migrates the database.</summary>
    public static async Task<ServiceProvider> ServicesAsync(DatabaseSettings settings, Action<IServiceCollection>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddChildCarePersistence(settings);
        configure?.Invoke(services);
        // Messages, updates and case records are sealed: a key for this container unless the test gave one.
        services.AddChildCarePrivacy(PrivacySettings.Ephemeral());
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return provider;
    }
}
