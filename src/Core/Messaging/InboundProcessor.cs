using ChildCare.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Handles the stored updates: one node at a time (so a chat's updates are handled in order), several chats
/// in parallel, one chat's updates one after another.
/// </summary>
internal sealed partial class InboundProcessor(
    Inbox inbox,
    IEnumerable<IInboundHandler> handlers,
    DatabaseSettings database,
    TimeProvider time,
    ILogger<InboundProcessor> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private const int ParallelChats = 16;
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);
    private readonly Dictionary<string, IInboundHandler> _handlers = handlers.ToDictionary(h => h.Channel, StringComparer.Ordinal);
    private readonly string _owner = OutboxDispatcher.OwnerId();
    private readonly LeaderLock _leadership = new("handles received updates", LeaderLock.InboundKey, database, time, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lease = await _leadership.AcquireAsync(stoppingToken);
                var recovered = await inbox.RecoverInFlightAsync(stoppingToken);
                if (recovered > 0)
                {
                    logger.LogWarning("Messaging: {Count} update(s) were being handled when the previous node stopped; handling them again", recovered);
                }

                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                await RunAsync(running.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // Lost the lead: stand by.
            }
            catch (Exception e)
            {
                logger.LogError(e, "Messaging: the update processor failed; restarting it in 2 s");
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await inbox.ClaimAsync(_owner, BatchSize, ClaimLease, cancellationToken);
            if (batch.Count == 0)
            {
                await inbox.WaitForWorkAsync(TimeSpan.FromMilliseconds(500), cancellationToken);
                continue;
            }

            // Updates without a chat (rare kinds) are their own group.
            var chats = batch.GroupBy(u => u.ChatId ?? -u.UpdateId - 1_000_000_000_000).ToList();
            await Parallel.ForEachAsync(chats, new ParallelOptions { MaxDegreeOfParallelism = ParallelChats, CancellationToken = cancellationToken },
                async (chat, _) =>
                {
                    foreach (var update in chat)
                    {
                        // Not cancelled by shutdown mid-update: a half-handled update is worse than a late stop.
                        await HandleAsync(update, CancellationToken.None);
                    }
                });
        }
    }

    private async Task HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(update.Channel, out var handler))
        {
            await inbox.FailAsync(update, _owner, "no handler for this channel on this node", cancellationToken);
            return;
        }

        try
        {
            await handler.HandleAsync(update, cancellationToken);
            await inbox.CompleteAsync(update, _owner, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception type only: its message or the payload may identify a child.
            var gaveUp = await inbox.FailAsync(update, _owner, e.GetType().Name, cancellationToken);
            LogFailed(e.GetType().Name, update.Channel, update.UpdateId, update.Attempts, gaveUp);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: handling {Channel} update {UpdateId} failed with {Error} (attempt {Attempt}; given up: {GaveUp})")]
    private partial void LogFailed(string error, string channel, long updateId, int attempt, bool gaveUp);
}
