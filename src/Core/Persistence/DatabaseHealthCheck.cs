using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildCare.Core.Persistence;

/// <summary>Healthy when the database answers and every migration this build knows is applied.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<ChildCareDbContext> contexts, DatabaseSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = settings.Provider.ToString() };
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.", data: data);
            }

            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            data["appliedMigrations"] = applied.Count;
            data["lastMigration"] = applied.LastOrDefault() ?? "";
            data["pendingMigrations"] = pending.Count;
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Reachable and migrated.", data)
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.", data: data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"The database cannot be queried ({e.GetType().Name}).", data: data);
        }
    }
}
