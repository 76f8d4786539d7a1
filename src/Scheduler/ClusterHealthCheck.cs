using ChildCare.Core.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace ChildCare.Scheduler;

/// <summary>
/// Says which node this is and whether it runs as the deployment expects: clustered on PostgreSQL,
/// alone on SQLite. Quartz's own check ("scheduler") says whether it runs and reaches its store.
/// </summary>
internal sealed class ClusterHealthCheck(ISchedulerFactory schedulers, DatabaseSettings database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var metadata = await scheduler.GetMetadata(cancellationToken);
        var expectClustered = database.Provider == DatabaseProvider.Postgres;
        var data = new Dictionary<string, object>
        {
            ["instanceId"] = metadata.SchedulerInstanceId,
            ["clustered"] = metadata.JobStoreClustered,
            ["status"] = metadata.Status.ToString(),
        };

        if (metadata.Status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Unhealthy("The scheduler is not running.", data: data);
        }

        return metadata.JobStoreClustered == expectClustered
            ? HealthCheckResult.Healthy(expectClustered ? "Clustered node." : "Single node.", data)
            : HealthCheckResult.Unhealthy(expectClustered ? "Not clustered on PostgreSQL." : "Clustered on SQLite.", data: data);
    }
}
