using System.Diagnostics;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>Samples another process's working set every <c>interval</c> until disposed: its peak, and its level at a moment.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();

    public WorkingSetSampler(int processId, TimeSpan interval)
    {
        _sampling = Task.Run(async () =>
        {
            using var process = Process.GetProcessById(processId);
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    process.Refresh();
                    if (process.HasExited)
                    {
                        return;
                    }

                    lock (_lock)
                    {
                        _samples.Add((_clock.Elapsed, process.WorkingSet64));
                    }
                }
                catch (InvalidOperationException)
                {
                    return; // exited between the check and the read
                }

                await Task.Delay(interval, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public long Latest
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count == 0 ? 0 : _samples[^1].Bytes;
            }
        }
    }

    /// <summary>The highest sample taken since <paramref name="from"/> (on this sampler's clock).</summary>
    public long PeakSince(TimeSpan from)
    {
        lock (_lock)
        {
            return _samples.Where(s => s.At >= from).Select(s => s.Bytes).DefaultIfEmpty(0).Max();
        }
    }

    public long Peak => PeakSince(TimeSpan.Zero);

    public static string Megabytes(long bytes) => FormattableString.Invariant($"{bytes / 1024.0 / 1024.0:F0} MB");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
