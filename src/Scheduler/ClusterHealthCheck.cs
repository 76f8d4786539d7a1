using ChildCare.Core.Persistence;
using ChildCare.Scheduler.Jobs;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildCare.Scheduler;

/// <summary>
/// Says which node this is, whether its job store answers, whether its job server has checked in there, and
/// whether the store is shared with the other nodes (PostgreSQL) or its own (in memory, SQLite).
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
            var mine = servers.Any(s => s.Name.StartsWith(node.Name + ":", StringComparison.OrdinalIgnoreCase));
            data["servers"] = servers.Count;
            data["status"] = mine ? "Running" : node.RunsServer ? "Starting" : "Client";
            if (node.RunsServer && !mine)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("This node's job server has not checked in.", data: data));
            }

            return Task.FromResult(HealthCheckResult.Healthy(clustered ? "Clustered node." : "Single node.", data));
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job store does not answer.", e, data));
        }
    }
}
