using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace ChildCare.Benchmarks;

/// <summary>
/// Samples, on a thread of its own every 10 ms while a benchmark runs: the thread pool (threads, queued items, and how
/// long an item queued now waits before it runs), and on PostgreSQL the benchmark database's sessions: how many wait
/// for a lock (and in which statement), and how many sit idle inside a transaction (holding their locks while this
/// process has not yet sent their next statement). Also the GC's pauses and the process's lock contention.
/// </summary>
internal sealed class LoadSampler : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(10);
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly NpgsqlConnection? _database;
    private readonly ConcurrentBag<double> _probeMs = [];
    private readonly Dictionary<string, int> _lockWaitsByStatement = [];
    private readonly TimeSpan _gcPauseBefore = GC.GetTotalPauseDuration();
    private readonly int _gen2Before = GC.CollectionCount(2);
    private readonly int _gen0Before = GC.CollectionCount(0);
    private readonly long _contentionBefore = Monitor.LockContentionCount;

    private LoadSampler(string? postgres)
    {
        if (postgres is not null)
        {
            // Not from the product's pool: a connection of its own, used only by this thread.
            _database = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false, ApplicationName = "bench-sampler" }.ConnectionString);
            _database.Open();
        }

        _thread = new Thread(Sample) { IsBackground = true, Name = "bench load sampler" };
        _thread.Start();
    }

    public int MaxThreads { get; private set; }

    public long MaxQueued { get; private set; }

    public int Samples { get; private set; }

    public int SamplesWithLockWaits { get; private set; }

    public int MaxLockWaiters { get; private set; }

    public int MaxIdleInTransaction { get; private set; }

    public double MeanIdleInTransaction => Samples == 0 ? 0 : (double)_idleInTransactionTotal / Samples;

    public IReadOnlyList<double> ProbeDelaysMs => [.. _probeMs.Order()];

    public IReadOnlyDictionary<string, int> LockWaitsByStatement => _lockWaitsByStatement;

    public TimeSpan GcPause { get; private set; }

    public int Gen0 { get; private set; }

    public int Gen2 { get; private set; }

    public long LockContention { get; private set; }

    private long _idleInTransactionTotal;

    /// <summary>Starts sampling; <paramref name="postgres"/>, when given, is the benchmark database's connection string.</summary>
    public static LoadSampler Start(string? postgres) => new(postgres);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        GcPause = GC.GetTotalPauseDuration() - _gcPauseBefore;
        Gen0 = GC.CollectionCount(0) - _gen0Before;
        Gen2 = GC.CollectionCount(2) - _gen2Before;
        LockContention = Monitor.LockContentionCount - _contentionBefore;
        _database?.Dispose();
        _stop.Dispose();
    }

    private void Sample()
    {
        while (!_stop.IsCancellationRequested)
        {
            MaxThreads = Math.Max(MaxThreads, ThreadPool.ThreadCount);
            MaxQueued = Math.Max(MaxQueued, ThreadPool.PendingWorkItemCount);
            var queuedAt = Stopwatch.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(at => _probeMs.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds), queuedAt, preferLocal: false);
            if (_database is not null)
            {
                SampleDatabase(_database);
            }

            Samples++;
            _stop.Token.WaitHandle.WaitOne(Every);
        }
    }

    private void SampleDatabase(NpgsqlConnection database)
    {
        using var command = database.CreateCommand();
        command.CommandText = """
            SELECT state, wait_event_type, query FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND (wait_event_type = 'Lock' OR state = 'idle in transaction')
            """;
        var (waiting, idle) = (0, 0);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!reader.IsDBNull(1) && reader.GetString(1) == "Lock")
            {
                waiting++;
                var statement = TurnTracer.Statement(reader.IsDBNull(2) ? "" : reader.GetString(2));
                _lockWaitsByStatement[statement] = _lockWaitsByStatement.GetValueOrDefault(statement) + 1;
            }
            else
            {
                idle++;
            }
        }

        SamplesWithLockWaits += waiting > 0 ? 1 : 0;
        MaxLockWaiters = Math.Max(MaxLockWaiters, waiting);
        MaxIdleInTransaction = Math.Max(MaxIdleInTransaction, idle);
        _idleInTransactionTotal += idle;
    }
}
