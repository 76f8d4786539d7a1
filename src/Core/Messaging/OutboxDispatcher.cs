using System.Collections.Concurrent;
using ChildCare.Core.Hosting;
using ChildCare.Core.Persistence;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Sends the outbox within the channel's limits: a global rate for the bot, a rate per chat, a bounded
/// number of sends in flight. A message is marked Sending before it goes out and Sent after the channel
/// confirms it, so the only messages a crash can send twice are those in flight at the crash
/// (at most <see cref="MessagingSettings.MaxConcurrentSends"/>).
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    IEnumerable<IMessageSender> senders,
    MessagingSettings settings,
    OutboxSignal signal,
    OutboxListener listener,
    TimeProvider time,
    DatabaseSettings database,
    ILogger<OutboxDispatcher> logger) : LeaderService("sends the outbox", LeaderLock.OutboxKey, database, time, logger)
{
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>How long a chat's next message waits when the one before it is still on the wire (a slow send).</summary>
    private static readonly TimeSpan BehindInFlight = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, IMessageSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);
    private readonly string _owner = OwnerId();

    protected override async Task LeadAsync(CancellationToken cancellationToken)
    {
        var recovered = await store.RecoverInFlightAsync(cancellationToken);
        if (recovered > 0)
        {
            logger.LogWarning("Messaging: {Count} message(s) were in flight when the previous sender stopped; sending them again", recovered);
        }

        // Wake-ups from the other nodes' enqueues while this node leads (PostgreSQL); the poll stays as the fallback.
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wakeUps = listener.RunAsync(listening.Token);
        try
        {
            await RunAsync(cancellationToken);
        }
        finally
        {
            await listening.CancelAsync();
            await wakeUps;
        }
    }

    protected override TimeSpan OnFailure(Exception exception)
    {
        logger.LogError(exception, "Messaging: the dispatcher failed; restarting it in 2 s");
        return TimeSpan.FromSeconds(2);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var pace = new ChatPace(settings, Time);
        using var slots = new SemaphoreSlim(settings.MaxConcurrentSends);
        // A send whose outcome cannot be recorded (the database went away) ends this run: the rest of the claimed
        // batch is not sent blind, so what a crash or an outage can repeat stays the sends that were on the wire.
        using var unrecorded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancellationToken = unrecorded.Token;
        var inFlight = new List<Task>();
        // Chats whose earlier message is on the wire (until MaxValue) or waits for its retry: a later message of theirs
        // must not overtake it, so a person reads the numbers to call before the question that followed them.
        var heldChats = new ConcurrentDictionary<long, Hold>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                var batch = await store.ClaimAsync(_owner, ClaimSize(slots), ClaimLease, cancellationToken);
                if (batch.Count == 0)
                {
                    ForgetPastHolds(heldChats);
                    await signal.WaitAsync(settings.PollInterval, Time, cancellationToken);
                    continue;
                }

                // Once a chat has to wait, its later messages in the batch wait too: they must not overtake it
                // when its permit comes back while the batch is still being worked through.
                var waitingChats = new Dictionary<long, TimeSpan>();
                foreach (var message in batch)
                {
                    if (waitingChats.TryGetValue(message.ChatId, out var chatWait))
                    {
                        await store.PostponeAsync(message, _owner, chatWait, cancellationToken);
                        continue;
                    }

                    if (IsHeld(heldChats, message, out var held))
                    {
                        waitingChats[message.ChatId] = held;
                        await store.PostponeAsync(message, _owner, held, cancellationToken);
                        continue;
                    }

                    if (!_senders.TryGetValue(message.Channel, out var sender))
                    {
                        // The channel is switched off on this node: keep the message for when it is on.
                        await store.PostponeAsync(message, _owner, TimeSpan.FromMinutes(1), cancellationToken);
                        continue;
                    }

                    if (!pace.TryTake(message.ChatId, out var wait))
                    {
                        waitingChats[message.ChatId] = wait;
                        await store.PostponeAsync(message, _owner, wait, cancellationToken);
                        continue;
                    }

                    // The overall rate is the channel's to keep (SendRateGate), per call on the wire.
                    await slots.WaitAsync(cancellationToken);
                    heldChats[message.ChatId] = new Hold(DateTimeOffset.MaxValue, message.Priority);
                    inFlight.Add(SendAsync(sender, message, slots, heldChats, unrecorded));
                }
            }
        }
        finally
        {
            // Let what is on the wire finish and be recorded, so a clean shutdown duplicates nothing.
            await Task.WhenAll(inFlight);
        }
    }

    /// <summary>
    /// As many as there are free slots, and a few more when none is free: what is claimed waits in this loop for a
    /// slot, where a case alert queued meanwhile cannot pass it, so the claim stays small while the sends are busy.
    /// </summary>
    private int ClaimSize(SemaphoreSlim slots) => Math.Max(slots.CurrentCount, Math.Max(1, settings.MaxConcurrentSends / 4));

    /// <summary>Whether the chat's earlier message is in flight or waits for a retry, and how long to put this one off.</summary>
    private bool IsHeld(ConcurrentDictionary<long, Hold> heldChats, OutboxMessage message, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (!heldChats.TryGetValue(message.ChatId, out var hold))
        {
            return false;
        }

        if (message.Priority < hold.Priority)
        {
            // More urgent (a case alert behind a reminder): it goes first anyway, as it would have been claimed first.
            return false;
        }

        var until = hold.Until;
        var now = Time.GetUtcNow();
        if (until == DateTimeOffset.MaxValue)
        {
            wait = BehindInFlight;
            return true;
        }

        if (until > now)
        {
            wait = until - now;
            return true;
        }

        heldChats.TryRemove(KeyValuePair.Create(message.ChatId, hold));
        return false;
    }

    /// <summary>Drops the retry holds that have passed, of chats with nothing more to send: the table stays small.</summary>
    private void ForgetPastHolds(ConcurrentDictionary<long, Hold> heldChats)
    {
        var now = Time.GetUtcNow();
        foreach (var entry in heldChats)
        {
            if (entry.Value.Until <= now)
            {
                heldChats.TryRemove(entry);
            }
        }
    }

    private async Task SendAsync(
        IMessageSender sender, OutboxMessage message, SemaphoreSlim slots, ConcurrentDictionary<long, Hold> heldChats, CancellationTokenSource unrecorded)
    {
        DateTimeOffset? retryAt = DateTimeOffset.MaxValue;
        try
        {
            if (unrecorded.IsCancellationRequested)
            {
                // The run ended between taking the slot and getting here: leave the row claimed, to be sent after recovery.
                return;
            }

            SendResult result;
            try
            {
                // Carried down to the channel's rate gate, where a case alert passes the reminders waiting there.
                SendRateGate.SetPriority((MessagePriority)message.Priority);
                result = await sender.SendAsync(message, CancellationToken.None);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                result = new SendResult.TransientFailure(e.GetType().Name);
            }

            if (result is SendResult.Throttled throttled)
            {
                LogThrottled(message.Id, throttled.RetryAfter.TotalSeconds);
            }
            else if (result is SendResult.Unreachable)
            {
                LogUnreachable(message.Id);
            }
            else if (result is SendResult.Rejected rejected)
            {
                LogRejected(message.Id, message.Purpose, rejected.Reason);
            }

            retryAt = await store.CompleteAsync(message, _owner, result, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The row keeps its lease and is sent again after a restart or when the lease ends.
            logger.LogError(e, "Messaging: could not record the outcome of message {MessageId}; stopping this run of the dispatcher", message.Id);
            await unrecorded.CancelAsync();
        }
        finally
        {
            // Done with: the chat's next message may go. To be retried: the chat waits for it. Unrecorded: the run ends.
            if (retryAt is { } until)
            {
                heldChats[message.ChatId] = new Hold(until, message.Priority);
            }
            else
            {
                // Only its own entry: a more urgent message of the chat may be on the wire now.
                heldChats.TryRemove(KeyValuePair.Create(message.ChatId, new Hold(DateTimeOffset.MaxValue, message.Priority)));
            }

            slots.Release();
        }
    }

    /// <summary>Until when a chat's later messages wait (MaxValue: while one is on the wire), and for which urgency.</summary>
    private readonly record struct Hold(DateTimeOffset Until, int Priority);

    /// <summary>Names this dispatcher's leases: the node, the process and this run (at most 100 characters).</summary>
    public static string OwnerId()
    {
        var id = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        return id.Length <= 100 ? id : id[^100..];
    }

    /// <summary>Telegram chat ids of groups are negative; private chats are positive.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: the channel throttled message {MessageId}; retrying in {Seconds} s")]
    private partial void LogThrottled(long messageId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Messaging: the channel refused message {MessageId} ({Purpose}): {Reason}; it will not be sent")]
    private partial void LogRejected(long messageId, string purpose, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging: the recipient of message {MessageId} blocked the bot or no longer exists; stopped sending to that chat")]
    private partial void LogUnreachable(long messageId);
}
