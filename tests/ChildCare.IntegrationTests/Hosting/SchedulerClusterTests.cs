using ChildCare.Core.Persistence;
using ChildCare.Scheduler;
using ChildCare.Scheduler.Jobs;
using ChildCare.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Quartz;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary>Two Scheduler worker processes on one PostgreSQL database form one Quartz cluster.</summary>
public sealed class SchedulerClusterTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoSchedulers_RunAJobOnce_WhenItIsScheduledOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("cluster");
        var settings = Programs.Postgres(connectionString);
        settings["Scheduler__ClusterCheckinSeconds"] = "2";
        var (portA, portB) = (FreePort.Next(), FreePort.Next());

        await using var a = Programs.StartScheduler(portA, settings);
        await using var b = Programs.StartScheduler(portB, settings);
        var healthA = await a.WaitForHealthyAsync($"http://127.0.0.1:{portA}/healthz", StartTimeout);
        var healthB = await b.WaitForHealthyAsync($"http://127.0.0.1:{portB}/healthz", StartTimeout);
        var nodes = new[] { PostgresStartupTests.InstanceId(healthA), PostgresStartupTests.InstanceId(healthB) };
        Assert.NotEqual(nodes[0], nodes[1]);
        Assert.All(new[] { healthA, healthB }, h =>
            Assert.Equal("True", PostgresStartupTests.Check(h, "scheduler-cluster").GetProperty("data").GetProperty("clustered").GetString()));

        await ScheduleProbeOnceAsync(connectionString);

        // Give both nodes several acquisition rounds to run it a second time if they were going to.
        var runs = await WaitForRunsAsync(connectionString, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(5));
        runs = await TestPostgres.ScalarAsync<int>(connectionString, "SELECT count(*) FROM job_runs WHERE \"JobName\" = 'maintenance.cluster-probe'");
        Assert.Equal(1, runs);
        var node = await TestPostgres.ScalarAsync<string>(connectionString, "SELECT \"Node\" FROM job_runs WHERE \"JobName\" = 'maintenance.cluster-probe'");
        Assert.Contains(node, nodes);
    }

    /// <summary>
    /// Schedules through Quartz exactly as a node would, from a scheduler that is never started: it only
    /// writes the trigger into the shared store.
    /// </summary>
    private static async Task ScheduleProbeOnceAsync(string connectionString)
    {
        var database = new DatabaseSettings(DatabaseProvider.Postgres, connectionString, TimeSpan.FromSeconds(10));
        var services = new ServiceCollection()
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance)
            .AddChildCarePersistence(database)
            .AddChildCareScheduler(database, new SchedulerSettings(true, 1, 1, "test-client", TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5)));
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var trigger = TriggerBuilder.Create()
            .WithIdentity("probe-once", "tests")
            .ForJob(ClusterProbeJob.Key)
            .StartNow()
            .Build();
        await scheduler.ScheduleJob(trigger);
        await scheduler.Shutdown(waitForJobsToComplete: false);
    }

    private static async Task<int> WaitForRunsAsync(string connectionString, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < timeout)
        {
            var runs = await TestPostgres.ScalarAsync<int>(connectionString, "SELECT count(*) FROM job_runs WHERE \"Succeeded\" = true AND \"JobName\" = 'maintenance.cluster-probe'");
            if (runs > 0)
            {
                return runs;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The probe job did not run on either node.");
    }
}
