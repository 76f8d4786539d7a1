using System.Diagnostics;

namespace ChildCare.Benchmarks;

/// <summary>Samples the process's working set every 20 ms from start to dispose: the peak of one stage.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    private MemorySampler()
    {
        Baseline = Current();
        _peak = Baseline;
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = Current();
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }

                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public long Baseline { get; }

    public long Peak => Math.Max(Interlocked.Read(ref _peak), Current());

    public static MemorySampler Start() => new();

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
