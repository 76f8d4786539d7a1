using System.Runtime.Versioning;
using ChildCare.Testing;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary>
/// The embedded default (SQLite, no Telegram token) does not load what only PostgreSQL or Telegram need (issue 21: each
/// assembly loaded stays resident). A process of its own, read from /proc: a test host loads whatever the tests reference.
/// </summary>
public sealed class StartupAssemblyTests
{
    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Bot_LoadsNoPostgresDriverNorTelegramClient_WhenOnTheEmbeddedDefault()
    {
        var folder = Directory.CreateTempSubdirectory("cc-assemblies-");
        try
        {
            var port = FreePort.Next();
            await using var bot = Programs.StartBot(port, new Dictionary<string, string?>
            {
                ["ConnectionStrings__ChildCare"] = $"Data Source={Path.Combine(folder.FullName, "childcare.db")}",
                ["Memory__TrimAfterStartSeconds"] = "1",
            });
            await bot.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60));
            // Read once the node has settled: a page served and the trim a second after start logged (the outbox's sender and
            // listener, background services, have started by then).
            using (var http = new HttpClient())
            {
                using var page = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/chat"));
                Assert.True(page.IsSuccessStatusCode);
            }

            await bot.WaitForOutputAsync("Memory: start-up work done", TimeSpan.FromSeconds(30));
            Assert.Contains("Memory: start-up work done", bot.StandardOutput, StringComparison.Ordinal);

            var loaded = File.ReadLines($"/proc/{bot.Id}/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length >= 6 && fields[^1].EndsWith(".dll", StringComparison.Ordinal))
                .Select(fields => Path.GetFileName(fields[^1]))
                .ToHashSet(StringComparer.Ordinal);

            Assert.Contains("Microsoft.EntityFrameworkCore.Sqlite.dll", loaded);
            Assert.DoesNotContain("Npgsql.EntityFrameworkCore.PostgreSQL.dll", loaded);
            // Nor the PostgreSQL driver: not to plan the demo data, nor to start the outbox's sender and its listener.
            Assert.DoesNotContain("Npgsql.dll", loaded);
            Assert.DoesNotContain("Telegram.Bot.dll", loaded);
            Assert.DoesNotContain("Polly.Core.dll", loaded);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
