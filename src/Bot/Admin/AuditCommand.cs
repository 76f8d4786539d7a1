using System.Globalization;
using ChildCare.Core.Cases;
using ChildCare.Core.Configuration;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Admin;

/// <summary>
/// <c>dotnet ChildCare.Bot.dll --verify-audit</c>: checks the HMAC chain of every case's record with the same
/// settings the Bot runs with (database and privacy key), prints what it found and exits 0 when the record is
/// intact, 1 when something was altered, removed or forged, 2 when it could not check (settings, schema).
/// It reads only: nothing is migrated or written.
/// </summary>
internal static class AuditCommand
{
    public const string Flag = "--verify-audit";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        try
        {
            var builder = WebApplication.CreateSlimBuilder([.. args.Where(a => a != Flag)]);
            var database = DatabaseSettings.Read(builder.Configuration, builder.Environment.ContentRootPath);
            var privacy = PrivacySettings.Read(builder.Configuration, database, builder.Environment.ContentRootPath);
            builder.Logging.ClearProviders();
            builder.Services.AddChildCarePersistence(database);
            builder.Services.AddChildCarePrivacy(privacy);
            await using var app = builder.Build();
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<ChildCareDbContext>>().CreateDbContextAsync();
            if ((await db.Database.GetPendingMigrationsAsync()).Any())
            {
                await output.WriteLineAsync("Audit: the database is not at this build's schema; start the Bot once (it migrates), then check again.");
                return 2;
            }

            var report = await app.Services.GetRequiredService<CaseAudit>().VerifyAsync(db, CancellationToken.None);
            foreach (var found in report.Breaks)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Audit: BREAK in {found.CaseCode}, case_events id {found.LineId}: {found.Problem}"));
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Audit: {report.Cases} case(s), {report.Lines} line(s) ({report.Unchained} from before the chain), {(report.Intact ? "intact" : $"{report.Breaks.Count} break(s)")}"));
            return report.Intact ? 0 : 1;
        }
        catch (ConfigurationException e)
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
