using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary><c>dotnet ChildCare.Bot.dll --verify-audit</c> on the Bot's own settings: 0 when intact, 1 and the break when not.</summary>
public sealed class AuditCommandTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task VerifyAudit_ExitsOneAndNamesTheBreak_WhenALineWasAltered()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cc-audit-{Guid.NewGuid():N}.db");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__ChildCare"] = $"Data Source={file}", ["Privacy__Key"] = TestPrivacy.Key };
        try
        {
            var database = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}", TimeSpan.FromSeconds(10));
            var privacy = PrivacySettings.Read(new ConfigurationBuilder().AddInMemoryCollection([new("Privacy:Key", TestPrivacy.Key)]).Build(), database, Path.GetTempPath());
            string code;
            await using (var services = await TestDatabase.ServicesAsync(database, s => s.AddChildCareConversations(ConversationSettings.Default, privacy)))
            {
                var draft = new ReportDraft { Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), Description = "chau bi danh", Anonymous = true };
                code = Assert.IsType<ReportFiled>(await services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", 1, CancellationToken.None)).Code;
            }

            await using (var intact = ChildProcess.Start(Programs.BotDll, environment, arguments: ["--verify-audit"]))
            {
                Assert.Equal(0, await intact.WaitForExitAsync(ExitTimeout));
                Assert.Contains("1 case(s), 2 line(s) (0 from before the chain), intact", intact.StandardOutput, StringComparison.Ordinal);
            }

            await using (var db = new SqliteChildCareDbContext(new DbContextOptionsBuilder<SqliteChildCareDbContext>().UseSqlite($"Data Source={file}").Options))
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER case_events_no_update; UPDATE case_events SET detail = 'web' WHERE action = 'Filed';");
            }

            await using var broken = ChildProcess.Start(Programs.BotDll, environment, arguments: ["--verify-audit"]);
            Assert.Equal(1, await broken.WaitForExitAsync(ExitTimeout));
            Assert.Contains($"BREAK in {code}", broken.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("line 1 was altered", broken.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }
}
