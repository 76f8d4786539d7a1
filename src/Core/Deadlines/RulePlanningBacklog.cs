using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// Plans imported rules after the request that saved them: rules are queued and planned in the background, a
/// batch of <see cref="BatchSize"/> at a time with a pause between batches, so that a large plan neither holds the
/// request nor keeps the database busy for others (health checks, the outbox, case alerts). One pump runs at a
/// time and stops when the queue is empty. A rule still queued when the process stops is planned by the planning
/// every start runs: its planned version is not its current one (see <see cref="DeadlinePlanner"/>).
/// </summary>
public sealed partial class RulePlanningBacklog(DeadlinePlanner planner, ILogger<RulePlanningBacklog> logger)
{
    public const int BatchSize = 25;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<long> _queued = new();
    private readonly object _gate = new();
    private Task _pump = Task.CompletedTask;
    private bool _running;

    /// <summary>How many rules wait to be planned.</summary>
    public int Pending => _queued.Count;

    /// <summary>Queues the rules and starts the pump if it is not running; returns at once.</summary>
    public void Enqueue(IEnumerable<long> ruleIds)
    {
        ArgumentNullException.ThrowIfNull(ruleIds);
        foreach (var id in ruleIds)
        {
            _queued.Enqueue(id);
        }

        lock (_gate)
        {
            if (!_running)
            {
                _running = true;
                _pump = Task.Run(PumpAsync);
            }
        }
    }

    /// <summary>Completes when every queued rule has been planned (for tests and an orderly stop).</summary>
    public async Task IdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task pump;
            lock (_gate)
            {
                pump = _pump;
            }

            await pump.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (!_running && _queued.IsEmpty)
                {
                    return;
                }
            }

            await Task.Yield();
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            var batch = new List<long>(BatchSize);
            while (batch.Count < BatchSize && _queued.TryDequeue(out var id))
            {
                batch.Add(id);
            }

            if (batch.Count == 0)
            {
                lock (_gate)
                {
                    // A rule queued after the last look: this pump goes on (Enqueue saw it still running).
                    if (_queued.IsEmpty)
                    {
                        _running = false;
                        return;
                    }
                }

                continue;
            }

            foreach (var id in batch.Distinct())
            {
                try
                {
                    await planner.ReplanRuleAsync(id, CancellationToken.None);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The start-up planning plans it; the others in the queue still go.
                    LogFailed(e, id);
                }
            }

            LogPlanned(batch.Count, _queued.Count);
            // A breath for the database's other users, on the real clock: it spaces work, it does not schedule it.
            await Task.Delay(Pause);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deadlines: planned a batch of {Count} imported rule(s), {Left} left")]
    private partial void LogPlanned(int count, int left);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deadlines: planning imported rule {RuleId} failed; the next planning run will plan it")]
    private partial void LogFailed(Exception exception, long ruleId);
}
