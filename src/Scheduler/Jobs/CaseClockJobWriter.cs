using System.Threading.Channels;
using Hangfire;

namespace ChildCare.Scheduler.Jobs;

/// <summary>
/// Creates case clock jobs in the background: creating them is a handful of synchronous writes to Hangfire's store,
/// which must not sit on a reporter's turn (<see cref="HangfireCaseClockJobs"/> only queues). At a stop it writes what
/// is still queued; what a crash loses is the sweep's to re-create from the cases table. Delays are measured on our
/// <see cref="TimeProvider"/> when written, so a moved clock moves the moments too.
/// </summary>
internal sealed partial class CaseClockJobWriter(IBackgroundJobClient jobs, TimeProvider time, ILogger<CaseClockJobWriter> logger) : IHostedService
{
    private readonly Channel<(long CaseId, IReadOnlyList<DateTimeOffset> Moments)> _queue =
        Channel.CreateUnbounded<(long, IReadOnlyList<DateTimeOffset>)>(new UnboundedChannelOptions { SingleReader = true });

    private Task _writing = Task.CompletedTask;

    /// <summary>Queues the check at once and one at each of <paramref name="moments"/>; false once stopping.</summary>
    public bool Queue(long caseId, IReadOnlyList<DateTimeOffset> moments) => _queue.Writer.TryWrite((caseId, moments));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writing = Task.Run(WriteAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>No more cases come in; waits until what is queued is written (or the host's stop timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _writing.WaitAsync(cancellationToken);
    }

    private async Task WriteAsync()
    {
        // Ends when StopAsync completes the queue and everything in it is written.
        await foreach (var (caseId, moments) in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                jobs.Enqueue<CaseClockJob>(j => j.CheckAsync(caseId, CancellationToken.None));
                foreach (var at in moments)
                {
                    jobs.Schedule<CaseClockJob>(j => j.CheckAsync(caseId, CancellationToken.None), at - time.GetUtcNow());
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The case is filed whatever happens here (the store refused or is unreachable): the sweep sends what
                // is owed from the cases table, and this loop goes on with the next case.
                LogNotScheduled(e, caseId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: the clock jobs of case {CaseId} could not be created; the sweep will send its alerts")]
    private partial void LogNotScheduled(Exception e, long caseId);
}
