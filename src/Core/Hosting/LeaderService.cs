using ChildCare.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Hosting;

/// <summary>
/// A background loop that one node at a time runs: wait for the lead (<see cref="LeaderLock"/>), run
/// <see cref="LeadAsync"/> until it returns, fails or the lead is lost, then stand by and try again. A failure is
/// logged by <see cref="OnFailure"/> and retried after the pause it returns; a shutdown ends the loop.
/// </summary>
public abstract class LeaderService(string role, long key, DatabaseSettings database, TimeProvider time, ILogger logger) : BackgroundService
{
    private readonly LeaderLock _leadership = new(role, key, database, time, logger);

    protected TimeProvider Time => time;

    /// <summary>The work, while this node leads; <paramref name="cancellationToken"/> ends it at shutdown or when the lead is lost.</summary>
    protected abstract Task LeadAsync(CancellationToken cancellationToken);

    /// <summary>Logs a failure of <see cref="LeadAsync"/> (never the exception's message if it may hold what people wrote) and says how long to pause.</summary>
    protected virtual TimeSpan OnFailure(Exception exception)
    {
        logger.LogError(exception, "Hosting: the loop that {Role} failed; restarting it in 2 s", role);
        return TimeSpan.FromSeconds(2);
    }

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan pause;
            try
            {
                await using var lease = await _leadership.AcquireAsync(stoppingToken);
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                await LeadAsync(running.Token);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // Lost the lead: stand by and try to take it again.
                continue;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // An exception out of here would stop the whole host.
                pause = OnFailure(e);
            }

            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
