using ChildCare.Core.Persistence;
using ChildCare.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// The Bot app as Program.cs builds it, in this process, on a SQLite file of its own and a clock the test moves
/// (<see cref="Time"/>): for checks that need hours to pass in a moment, such as sign-in links expiring.
/// </summary>
internal sealed class InProcessBot(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"childcare-reliability-{Guid.NewGuid():N}.db");

    public ShiftedTimeProvider Time { get; } = new();

    public ChildCareDbContext Db() => Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();

    /// <summary>A client that neither follows redirects nor keeps cookies unless asked: every answer is seen as sent.</summary>
    public HttpClient Browser(bool cookies = true) => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = cookies });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(Path.Combine(RepositoryPaths.Root, "src", "Bot"));
        builder.UseSetting("ConnectionStrings:ChildCare", $"Data Source={_file}");
        builder.UseSetting("Privacy:KeyFile", _file + ".key");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" })
        {
            File.Delete(_file + suffix);
        }
    }
}
