using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ChildCare.Bot.Tests;

/// <summary>
/// The Bot app in memory on a database of its own: a fresh SQLite file by default, or any settings a
/// test passes (for example a PostgreSQL database).
/// </summary>
public sealed class ChildCareAppFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public string SqliteFile { get; } = Path.Combine(Path.GetTempPath(), $"childcare-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:ChildCare", $"Data Source={SqliteFile}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(SqliteFile + suffix);
        }
    }
}
