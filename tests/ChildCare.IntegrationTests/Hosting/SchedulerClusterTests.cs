using System.Diagnostics;
using ChildCare.Core.Persistence;
using ChildCare.Scheduler;
using ChildCare.Scheduler.Jobs;
using ChildCare.Testing;
using Hangfire;
using Xunit.Abstractions;

namespace ChildCare.IntegrationTests.Hosting;

/// <summary>Two Scheduler worker processes on one PostgreSQL database serve one Hangfire job store.</summary>
public sealed class SchedulerClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TwoSchedulers_RunAJobOnce_WhenItIsEnqueuedOnce()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("cluster");
        var settings = Programs.Postgres(connectionString);
        settings["Scheduler__ClusterCheckinSeconds"] = "2";
        settings["Scheduler__PollSeconds"] = "1";
        var (portA, portB) = (FreePort.Next(), FreePort.Next());

        await using var a = Programs.StartScheduler(portA, settings);
        await using var b = Programs.StartScheduler(portB, settings);
        var healthA = await a.WaitForHealthyAsync($"http://127.0.0.1:{portA}/healthz", StartTimeout);
        var healthB = await b.WaitForHealthyAsync($"http://127.0.0.1:{portB}/healthz", StartTimeout);
        var nodes = new[] { PostgresStartupTests.InstanceId(healthA), PostgresStartupTests.InstanceId(healthB) };
        Assert.NotEqual(nodes[0], nodes[1]);
        Assert.All(new[] { healthA, healthB }, h =>
            Assert.Equal("True", PostgresStartupTests.Check(h, "scheduler-cluster").GetProperty("data").GetProperty("clustered").GetString()));

        Client(connectionString).Enqueue(() => ClusterProbeJob.RunAsync(CancellationToken.None));

        // Give both nodes many polls to run it a second time if they were going to.
        await WaitForAsync(connectionString, "SELECT count(*) FROM job_runs WHERE \"Succeeded\" = true AND \"JobName\" = 'maintenance.cluster-probe'", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await TestPostgres.ScalarAsync<int>(connectionString, "SELECT count(*) FROM job_runs WHERE \"JobName\" = 'maintenance.cluster-probe'"));
        Assert.Contains(await TestPostgres.ScalarAsync<string>(connectionString, "SELECT \"Node\" FROM job_runs WHERE \"JobName\" = 'maintenance.cluster-probe'"), nodes);

        // Both started together: the planning of the whole horizon at start ran once, on one of them.
        await WaitForAsync(connectionString, "SELECT count(*) FROM job_runs WHERE \"FinishedAt\" IS NOT NULL AND \"JobName\" = 'deadlines.planner'", TimeSpan.FromSeconds(60));
        Assert.Equal(1, await TestPostgres.ScalarAsync<int>(connectionString, "SELECT count(*) FROM job_runs WHERE \"JobName\" = 'deadlines.planner'"));
        Assert.Equal(2, await TestPostgres.ScalarAsync<int>(connectionString, "SELECT count(*) FROM hangfire.server"));
    }

    [Fact]
    public async Task Scheduler_GivesStartUpMemoryBack_AfterTheConfiguredDelay()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("trim");
        var settings = Programs.Postgres(connectionString);
        settings["Memory__TrimAfterStartSeconds"] = "1";
        var port = FreePort.Next();

        await using var worker = Programs.StartScheduler(port, settings);
        await worker.WaitForHealthyAsync($"http://127.0.0.1:{port}/healthz", StartTimeout);
        await worker.WaitForOutputAsync("Memory: start-up work done", TimeSpan.FromSeconds(30));
        Assert.Contains("Memory: start-up work done", worker.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledScheduler_ItsRunningJobResumesOnTheOther_WithinTwoMinutes()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("kill");
        var settings = Programs.Postgres(connectionString);
        settings["Scheduler__ClusterCheckinSeconds"] = "2";
        var (portA, portB) = (FreePort.Next(), FreePort.Next());

        // The product's own invisibility timeout and poll interval: what a deployment gets.
        await using var a = Programs.StartScheduler(portA, settings);
        await using var b = Programs.StartScheduler(portB, settings);
        var nodes = new Dictionary<string, ChildProcess>
        {
            [PostgresStartupTests.InstanceId(await a.WaitForHealthyAsync($"http://127.0.0.1:{portA}/healthz", StartTimeout))] = a,
            [PostgresStartupTests.InstanceId(await b.WaitForHealthyAsync($"http://127.0.0.1:{portB}/healthz", StartTimeout))] = b,
        };

        var jobId = Client(connectionString).Enqueue(() => ClusterProbeJob.HoldAsync(20, CancellationToken.None));
        await WaitForAsync(connectionString, $"SELECT count(*) FROM job_runs WHERE \"FireInstanceId\" = '{jobId}'", TimeSpan.FromSeconds(30));
        var first = await TestPostgres.ScalarAsync<string>(connectionString, $"SELECT \"Node\" FROM job_runs WHERE \"FireInstanceId\" = '{jobId}'");
        nodes[first].Kill();
        var killed = Stopwatch.StartNew();

        await WaitForAsync(connectionString, $"SELECT count(*) FROM job_runs WHERE \"FireInstanceId\" = '{jobId}' AND \"Node\" <> '{first}'", TimeSpan.FromMinutes(3));
        var resumedAfter = killed.Elapsed;
        output.WriteLine($"Job {jobId} started on {first}, killed; resumed on the other node after {resumedAfter.TotalSeconds:0.0} s (goal: 120 s)");
        Assert.InRange(resumedAfter, TimeSpan.Zero, TimeSpan.FromMinutes(2));
        await WaitForAsync(connectionString, $"SELECT count(*) FROM job_runs WHERE \"FireInstanceId\" = '{jobId}' AND \"Succeeded\" = true", TimeSpan.FromSeconds(60));
        Assert.Equal(1, await TestPostgres.ScalarAsync<int>(connectionString, $"SELECT count(*) FROM job_runs WHERE \"FireInstanceId\" = '{jobId}' AND \"Succeeded\" = true"));
    }

    /// <summary>Enqueues through Hangfire into the shared store exactly as a node would, from a process that runs no server.</summary>
    private static BackgroundJobClient Client(string connectionString)
    {
        var database = new DatabaseSettings(DatabaseProvider.Postgres, connectionString, TimeSpan.FromSeconds(10));
        GlobalConfiguration.Configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
        return new BackgroundJobClient(JobStores.Create(database, SchedulerSettings.Read(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())));
    }

    private static async Task WaitForAsync(string connectionString, string countSql, TimeSpan timeout)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < timeout)
        {
            if (await TestPostgres.ScalarAsync<long>(connectionString, countSql) > 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Nothing after {timeout.TotalSeconds:0} s: {countSql}");
    }
}
