using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ChildCare.Core.Tests.Persistence;

/// <summary>
/// PostgreSQL with the documented account for the application (scripts/postgres-app-role.sql): migrations run
/// as the owner, the product works as the application, which cannot change or wipe the case record.
/// </summary>
public sealed class ApplicationRoleTests
{
    [Fact]
    public async Task AppRole_FilesAndWorksCases_ButCannotUpdateDeleteOrTruncateTheRecord()
    {
        var owner = await TestPostgres.CreateDatabaseAsync("approle");
        await (await TestDatabase.ServicesAsync(new DatabaseSettings(DatabaseProvider.Postgres, owner, TimeSpan.FromSeconds(10)))).DisposeAsync();
        var role = "cc_app_" + Guid.NewGuid().ToString("N")[..12];
        var app = await TestPostgres.CreateApplicationRoleAsync(owner, role);
        try
        {
            var settings = new DatabaseSettings(DatabaseProvider.Postgres, app, TimeSpan.FromSeconds(10)) { MigrationConnectionString = owner };
            await using var services = await TestDatabase.ServicesAsync(settings, s => s
                .AddChildCareConversations(ConversationSettings.Default, PrivacySettings.Ephemeral())
                .AddChildCareCases(CaseSettings.Default));
            var draft = new ReportDraft { Id = Guid.NewGuid(), StartedAt = TimeProvider.System.GetUtcNow(), Description = "chau bi danh", Anonymous = true };
            var code = Assert.IsType<ReportFiled>(await services.GetRequiredService<CaseIntake>().FileAsync(draft, "telegram", 1, CancellationToken.None)).Code;
            Assert.NotNull(await services.GetRequiredService<CaseDesk>().GetAsync(CaseViewer.System, code, CancellationToken.None));

            foreach (var sql in new[] { "UPDATE case_events SET actor = 'x'", "DELETE FROM case_events", "TRUNCATE case_events" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => TestPostgres.ExecuteAsync(app, sql));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }

            await using var db = services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContext();
            Assert.Equal(3, await db.CaseEvents.CountAsync());
            Assert.True((await services.GetRequiredService<CaseAudit>().VerifyAsync(db, CancellationToken.None)).Intact);
        }
        finally
        {
            await TestPostgres.DropRoleAsync(owner, role);
        }
    }
}
