using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests;

/// <summary>
/// The Bot app in memory on a database of its own: a fresh SQLite file by default, or any settings a
/// test passes (for example a PostgreSQL database). Pass <paramref name="sqliteFile"/> to start the app again
/// on the database (and privacy key) of an earlier instance; the caller then deletes the files.
/// </summary>
public sealed class ChildCareAppFactory(IReadOnlyDictionary<string, string?>? settings = null, string? sqliteFile = null, TimeProvider? time = null) : WebApplicationFactory<Program>
{
    private readonly bool _ownsFiles = sqliteFile is null;

    /// <summary>The <c>Admin:ApiKey</c> every test app has unless the test's settings say otherwise (see <see cref="AdminRequests"/>).</summary>
    public const string AdminKey = "0123456789abcdefghijklmnopqrstuv";

    public string SqliteFile { get; } = sqliteFile ?? NewSqliteFile();

    public static string NewSqliteFile() => Path.Combine(Path.GetTempPath(), $"childcare-test-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:ChildCare", $"Data Source={SqliteFile}");
        builder.UseSetting("Privacy:KeyFile", SqliteFile + ".key");
        builder.UseSetting("Admin:ApiKey", AdminKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(time));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsFiles)
        {
            DeleteFiles(SqliteFile);
        }
    }

    public static void DeleteFiles(string sqliteFile)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" })
        {
            File.Delete(sqliteFile + suffix);
        }
    }
}
