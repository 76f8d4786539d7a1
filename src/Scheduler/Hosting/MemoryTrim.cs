using System.Runtime;
using ChildCare.Core.Configuration;

namespace ChildCare.Scheduler.Hosting;

/// <summary>
/// Once, <see cref="Delay"/> after the host started (migrations, demo data and, on a small database, the planning run
/// at start are over by then), gives back what start-up alone needed: one compacting collection of every generation
/// and the large object heap, then glibc's free lists to the operating system. Start-up allocates far more than an idle
/// node keeps; without this the garbage collector keeps that memory committed (measured: 185 MB down to 157 MB on the
/// embedded default). Runs in the background, never on a request path; <c>Memory:TrimAfterStartSeconds=0</c> turns it
/// off.
/// </summary>
internal sealed partial class StartupMemoryTrim(IHostApplicationLifetime lifetime, TimeProvider time, ILogger<StartupMemoryTrim> logger, StartupMemoryTrim.Settings settings) : BackgroundService
{
    public const string DelayKey = "Memory:TrimAfterStartSeconds";

    private readonly TaskCompletionSource _trimmed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimeSpan Delay => settings.Delay;

    /// <summary>Completes once the trim ran; never when it is turned off.</summary>
    internal Task Trimmed => _trimmed.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>What <see cref="ExecuteAsync"/> runs (on a thread of its own since .NET 10); tests call it directly.</summary>
    internal async Task RunAsync(CancellationToken stoppingToken)
    {
        if (Delay <= TimeSpan.Zero)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                await Task.Delay(Delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var before = Environment.WorkingSet;
        Trim();
        LogTrimmed(before / (1024 * 1024), Environment.WorkingSet / (1024 * 1024));
        _trimmed.TrySetResult();
    }

    /// <summary>One compacting full collection (the large object heap too), then the C heap's unused pages back.</summary>
    internal static void Trim()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // Without glibc (musl has no malloc_trim) the collection above is all there is.
        _ = Glibc.TryTrim();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory: start-up work done, working set {Before} MB, {After} MB after one compacting collection")]
    private partial void LogTrimmed(long before, long after);

    /// <summary>How long after start the trim runs; zero: never.</summary>
    public sealed record Settings(TimeSpan Delay)
    {
        public static Settings Read(IConfiguration configuration) =>
            new(TimeSpan.FromSeconds(SettingsReader.WholeNumber(configuration, DelayKey, 20, 0, 3600)));
    }
}
