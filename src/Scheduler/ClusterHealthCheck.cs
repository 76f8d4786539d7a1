using ChildCare.Core.Persistence;
using ChildCare.Scheduler.Jobs;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildCare.Scheduler;

/// <summary>
/// "scheduler-cluster": which node this is, whether the job store answers and whether it is shared with the other
/// nodes (PostgreSQL) or this process's own (in memory, SQLite), and how many job servers have checked in there.
/// </summary>
internal sealed class ClusterHealthCheck(JobStorage storage, NodeIdentity node, JobServerQueues queues, DatabaseSettings database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var clustered = database.Provider == DatabaseProvider.Postgres;
        var data = new Dictionary<string, object>
        {
            ["instanceId"] = node.Name,
            ["clustered"] = clustered,
            ["queues"] = string.Join(",", queues.Names),
        };

        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            data["servers"] = servers.Count;
            data["status"] = servers.Any(s => JobServerHealthCheck.IsOf(s.Name, node)) ? "Running" : "Starting";
            return Task.FromResult(HealthCheckResult.Healthy(clustered ? "Clustered node." : "Single node.", data));
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job store does not answer.", e, data));
        }
    }
}

/// <summary>"scheduler", on a node that runs the scheduled work: its Hangfire server has checked in to the job store.</summary>
internal sealed class JobServerHealthCheck(JobStorage storage, NodeIdentity node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(storage.GetMonitoringApi().Servers().Any(s => IsOf(s.Name, node))
                ? HealthCheckResult.Healthy("The job server runs.")
                : HealthCheckResult.Unhealthy("This node's job server has not checked in."));
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job store does not answer.", e));
        }
    }

    // Hangfire names a server "{server name}:{process id}:{guid}".
    internal static bool IsOf(string serverId, NodeIdentity node) => serverId.StartsWith(node.Name + ":", StringComparison.OrdinalIgnoreCase);
}
