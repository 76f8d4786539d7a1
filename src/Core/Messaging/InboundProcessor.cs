using ChildCare.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Handles the stored updates, on every node that runs it: each claims chats nobody holds (<see cref="Inbox.ClaimAsync"/>)
/// and handles up to <see cref="MaxChats"/> chats at once, one chat's updates one after another in the order they
/// came. It keeps renewing the leases of the chats it holds; a node that dies stops renewing, and once its leases run
/// out (<see cref="ClaimLease"/>) the other nodes take its chats over. On SQLite, which one node works, the claims a
/// stopped run left behind are taken back at start.
/// </summary>
internal sealed partial class InboundProcessor(
    Inbox inbox,
    IEnumerable<IInboundHandler> handlers,
    DatabaseSettings database,
    TimeProvider time,
    ILogger<InboundProcessor> logger) : BackgroundService
{
    /// <summary>Chats handled at once on this node.</summary>
    internal const int MaxChats = 32;

    /// <summary>How long a claim holds a chat without being renewed: also how long a dead node's chats wait for another.</summary>
    internal static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);

    private const int ClaimAtLeast = 8;
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly Dictionary<string, IInboundHandler> _handlers = handlers.ToDictionary(h => h.Channel, StringComparer.Ordinal);
    private readonly string _owner = OutboxDispatcher.OwnerId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recover = database.Provider != DatabaseProvider.Postgres;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (recover)
                {
                    var recovered = await inbox.RecoverInFlightAsync(stoppingToken);
                    if (recovered > 0)
                    {
                        logger.LogWarning("Messaging: {Count} update(s) were being handled when this node last stopped; handling them again", recovered);
                    }

                    recover = false;
                }

                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
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
        var inFlight = new List<Task>();
        var renewAt = time.GetUtcNow() + RenewEvery;
        var backlog = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (time.GetUtcNow() >= renewAt)
                {
                    if (inFlight.Count > 0)
                    {
                        await inbox.RenewAsync(_owner, ClaimLease, cancellationToken);
                    }

                    renewAt = time.GetUtcNow() + RenewEvery;
                }

                // Behind a backlog, claim a handful of chats at a time rather than one per chat finished: each claim
                // is a round trip and a look over the waiting updates.
                var free = MaxChats - inFlight.Count;
                if (backlog && free < ClaimAtLeast)
                {
                    await inbox.WaitForWorkAsync(PollInterval, cancellationToken);
                    continue;
                }

                var claimed = free > 0 ? await inbox.ClaimAsync(_owner, free, ClaimLease, cancellationToken) : [];
                // Updates without a chat (rare kinds) are chats of their own.
                var chats = claimed.GroupBy(u => u.ChatId is { } chat ? (u.Channel, chat, 0L) : (u.Channel, 0L, u.UpdateId)).ToList();
                foreach (var chat in chats)
                {
                    // Not cancelled by shutdown mid-chat: a half-handled update is worse than a late stop.
                    inFlight.Add(Task.Run(() => HandleChatAsync([.. chat]), CancellationToken.None));
                }

                backlog = free > 0 && chats.Count == free;
                if (!backlog)
                {
                    // Nothing more to claim now: wait for an update stored here, a chat finished here, or the next poll
                    // (another node may have stored updates).
                    await inbox.WaitForWorkAsync(PollInterval, cancellationToken);
                }
            }
        }
        finally
        {
            // Let the chats in hand finish and be recorded, so a clean shutdown hands nothing over.
            await Task.WhenAll(inFlight);
        }
    }

    private async Task HandleChatAsync(List<InboundUpdate> updates)
    {
        try
        {
            for (var i = 0; i < updates.Count; i++)
            {
                if (!await HandleAsync(updates[i], CancellationToken.None))
                {
                    // To be retried after its backoff: the chat's later updates wait behind it.
                    await inbox.ReleaseAsync(updates[(i + 1)..], _owner, CancellationToken.None);
                    return;
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The outcome could not be recorded (the database went away): the claims run out and the chat is handled again.
            LogUnrecorded(e.GetType().Name);
        }
        finally
        {
            inbox.Nudge();
        }
    }

    /// <returns>Whether the chat may go on to its next update (handled, or given up).</returns>
    private async Task<bool> HandleAsync(InboundUpdate update, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(update.Channel, out var handler))
        {
            return await inbox.FailAsync(update, _owner, "no handler for this channel on this node", cancellationToken);
        }

        try
        {
            await handler.HandleAsync(update, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception type only: its message or the payload may identify a child.
            var gaveUp = await inbox.FailAsync(update, _owner, e.GetType().Name, cancellationToken);
            LogFailed(e.GetType().Name, update.Channel, update.UpdateId, update.Attempts, gaveUp);
            return gaveUp;
        }

        await inbox.CompleteAsync(update, _owner, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: handling {Channel} update {UpdateId} failed with {Error} (attempt {Attempt}; given up: {GaveUp})")]
    private partial void LogFailed(string error, string channel, long updateId, int attempt, bool gaveUp);

    [LoggerMessage(Level = LogLevel.Error, Message = "Messaging: the outcome of an update could not be recorded ({Error}); its chat is handled again once the claim runs out")]
    private partial void LogUnrecorded(string error);
}
