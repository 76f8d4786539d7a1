using ChildCare.Core.Hosting;
using ChildCare.Core.Persistence;
using ChildCare.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ChildCare.Core.Tests.Hosting;

public sealed class LeaderServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Run_StopsWhenTheLeadIsLost_AndAnotherNodeTakesOver()
    {
        var settings = await TestDatabase.CreateAsync(TestDatabase.Postgres, "leader");
        var key = Random.Shared.NextInt64(1, int.MaxValue);
        using var first = new Leader(key, settings);
        using var second = new Leader(key, settings);
        await first.StartAsync(CancellationToken.None);
        await WaitAsync(() => first.Leading, "the first node to lead");
        await second.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(second.Leading);

        // The lock's session ends (the node's connection dropped): the run that held it is stopped.
        await TerminateLockHolderAsync(settings, key);
        await WaitAsync(() => first.Lost == 1, "the first node's run to stop");
        await WaitAsync(() => first.Leading ^ second.Leading, "one node to lead again");

        // The node that leads now stops for good: the other one takes over.
        var (leader, other) = first.Leading ? (first, second) : (second, first);
        await leader.StopAsync(CancellationToken.None);
        await WaitAsync(() => other.Leading, "the other node to take over");
        Assert.False(leader.Leading);
        await other.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_IsRestartedAfterAPause_WhenItFails()
    {
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=:memory:", TimeSpan.FromSeconds(10));
        using var leader = new Leader(1, settings) { FailFirstRuns = 2 };
        await leader.StartAsync(CancellationToken.None);
        await WaitAsync(() => leader.Leading, "a run that does not fail");
        await leader.StopAsync(CancellationToken.None);

        Assert.Equal(3, leader.Runs);
        Assert.Equal(2, leader.Failures);
        Assert.False(leader.Leading);
    }

    private static async Task TerminateLockHolderAsync(DatabaseSettings settings, long key)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = @key AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        command.Parameters.AddWithValue("key", NpgsqlTypes.NpgsqlDbType.Oid, (uint)key);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(started.Elapsed < Timeout, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    private sealed class Leader(long key, DatabaseSettings settings)
        : LeaderService("runs the test loop", key, settings, TimeProvider.System, NullLogger.Instance)
    {
        private int _leading;
        private int _runs;
        private int _lost;
        private int _failures;
        private readonly CancellationTokenSource _stopping = new();

        public int FailFirstRuns { get; init; }

        public bool Leading => Volatile.Read(ref _leading) == 1;

        public int Runs => Volatile.Read(ref _runs);

        public int Lost => Volatile.Read(ref _lost);

        public int Failures => Volatile.Read(ref _failures);

        protected override async Task LeadAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _runs) <= FailFirstRuns)
            {
                throw new InvalidOperationException("scripted failure");
            }

            Volatile.Write(ref _leading, 1);
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref _lost);
                throw;
            }
            finally
            {
                Volatile.Write(ref _leading, 0);
            }
        }

        protected override TimeSpan OnFailure(Exception exception)
        {
            Interlocked.Increment(ref _failures);
            return TimeSpan.FromMilliseconds(100);
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await _stopping.CancelAsync();
            await base.StopAsync(cancellationToken);
        }

        public override void Dispose()
        {
            _stopping.Dispose();
            base.Dispose();
        }
    }
}
