using System.Runtime;
using ChildCare.Core.Configuration;

namespace ChildCare.Scheduler.Hosting;

/// <summary>
/// Gives memory back to the system when the node does not need it:
/// <list type="bullet">
/// <item>once, <see cref="Settings.Delay"/> after the host started (migrations, demo data and, on a small database, the
/// planning run at start are over by then). Start-up allocates far more than an idle node keeps; without this the
/// garbage collector keeps that memory committed (measured: 185 MB down to 157 MB on the embedded default);</item>
/// <item>then every <see cref="Settings.IdleInterval"/> in which the node allocated less than
/// <see cref="Settings.IdleAllocationPerMinute"/> a minute (it was idle: pollers and timers only). What a burst or a job left committed
/// (the collector's free regions, glibc's fragmented arenas) goes back, instead of staying until the next restart
/// (measured: the embedded default grew by about 7 MB of native and collector memory over its first idle minutes).
/// A busy node is left alone: a full compacting collection of a large heap would pause its requests.</item>
/// </list>
/// A trim is one compacting collection of every generation and the large object heap, then glibc's free lists back to
/// the operating system. Runs in the background, never on a request path. <c>Memory:TrimAfterStartSeconds=0</c> and
/// <c>Memory:IdleTrimMinutes=0</c> turn each off.
/// </summary>
internal sealed partial class MemoryTrim(IHostApplicationLifetime lifetime, TimeProvider time, ILogger<MemoryTrim> logger, MemoryTrim.Settings settings) : BackgroundService
{
    public const string DelayKey = "Memory:TrimAfterStartSeconds";
    public const string IdleIntervalKey = "Memory:IdleTrimMinutes";

    private const long Megabyte = 1024 * 1024;

    private readonly TaskCompletionSource _trimmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<long>? _allocated;

    /// <summary>For tests: <paramref name="allocated"/> stands for the bytes the process allocated so far.</summary>
    internal MemoryTrim(IHostApplicationLifetime lifetime, TimeProvider time, ILogger<MemoryTrim> logger, Settings settings, Func<long> allocated)
        : this(lifetime, time, logger, settings) => _allocated = allocated;

    /// <summary>Completes once the trim after start ran; never when it is turned off.</summary>
    internal Task Trimmed => _trimmed.Task;

    /// <summary>How many idle trims ran.</summary>
    internal int IdleTrims { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>What <see cref="ExecuteAsync"/> runs (on a thread of its own since .NET 10); tests call it directly.</summary>
    internal async Task RunAsync(CancellationToken stoppingToken)
    {
        if (settings.Delay <= TimeSpan.Zero && settings.IdleInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await StartedAsync(stoppingToken);
            if (settings.Delay > TimeSpan.Zero)
            {
                await Task.Delay(settings.Delay, time, stoppingToken);
                var (before, after) = TrimMeasured();
                LogTrimmed(before, after);
                _trimmed.TrySetResult();
            }

            if (settings.IdleInterval <= TimeSpan.Zero)
            {
                return;
            }

            var allocated = Allocated();
            while (true)
            {
                await Task.Delay(settings.IdleInterval, time, stoppingToken);
                var since = Allocated() - allocated;
                if (since < settings.IdleAllocationPerMinute * settings.IdleInterval.TotalMinutes)
                {
                    var (before, after) = TrimMeasured();
                    IdleTrims++;
                    LogIdleTrim(since / Megabyte, before, after);
                }

                allocated = Allocated();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private long Allocated() => _allocated is null ? GC.GetTotalAllocatedBytes(precise: false) : _allocated();

    private async Task StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
    }

    /// <summary>
    /// The trim before the host listens, once the program's own start-up work is done (migrations, the demo import,
    /// the holiday schedules): that work's garbage goes before the first request (which builds every endpoint) and the
    /// jobs at start add theirs, so they do not stack. Measured on 2 cores: the start's peak working set 3-4 MB lower,
    /// for a collection of a few milliseconds (docs/reliability.md). Off with the trim after start
    /// (<c>Memory:TrimAfterStartSeconds=0</c>); returns whether it trimmed.
    /// </summary>
    internal static bool BeforeListening(IServiceProvider services)
    {
        if (services.GetRequiredService<Settings>().Delay <= TimeSpan.Zero)
        {
            return false;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (before, after) = TrimMeasured();
        LogTrimmedBeforeListening(services.GetRequiredService<ILogger<MemoryTrim>>(), before, after, watch.ElapsedMilliseconds);
        return true;
    }

    /// <summary><see cref="Trim"/>, with the working set before and after, in MB, for the log.</summary>
    private static (long Before, long After) TrimMeasured()
    {
        var before = Environment.WorkingSet;
        Trim();
        return (before / Megabyte, Environment.WorkingSet / Megabyte);
    }

    /// <summary>One compacting full collection (the large object heap too), then the C heap's unused pages back.</summary>
    internal static void Trim()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // Without glibc (musl has no malloc_trim) the collection above is all there is.
        _ = Glibc.TryTrim();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory: before listening, working set {Before} MB, {After} MB after one compacting collection ({Milliseconds} ms)")]
    private static partial void LogTrimmedBeforeListening(ILogger logger, long before, long after, long milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory: start-up work done, working set {Before} MB, {After} MB after one compacting collection")]
    private partial void LogTrimmed(long before, long after);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory: idle ({Allocated} MB allocated since the last look), working set {Before} MB, {After} MB after one compacting collection")]
    private partial void LogIdleTrim(long allocated, long before, long after);

    /// <summary>
    /// When the trims run: <paramref name="Delay"/> after start (zero: never), then every <paramref name="IdleInterval"/>
    /// (zero: never) in which less than <paramref name="IdleAllocationPerMinute"/> bytes a minute were allocated.
    /// </summary>
    public sealed record Settings(TimeSpan Delay, TimeSpan IdleInterval, long IdleAllocationPerMinute = Settings.DefaultIdleAllocationPerMinute)
    {
        /// <summary>
        /// A node that only polls: the embedded default's timers and pollers allocate 7-10 MB a minute (measured), a busy
        /// node hundreds.
        /// </summary>
        public const long DefaultIdleAllocationPerMinute = 32L * 1024 * 1024;

        public static Settings Read(IConfiguration configuration) =>
            new(TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, DelayKey, 20, 0, 3600)),
                TimeSpan.FromMinutes(SettingsReader.WholeNumber(configuration, IdleIntervalKey, 5, 0, 1440)));
    }
}
