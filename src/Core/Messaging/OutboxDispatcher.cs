using System.Collections.Concurrent;
using System.Data.Common;
using ChildCare.Core.Hosting;
using ChildCare.Core.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Sends the outbox within the channel's limits: a global rate for the bot, a rate per chat, a bounded
/// number of sends in flight. A message is marked Sending before it goes out and Sent after the channel
/// confirms it, so the only messages a crash can send twice are those in flight at the crash
/// (at most <see cref="MessagingSettings.MaxConcurrentSends"/>).
/// <para>
/// With one part (<see cref="MessagingSettings.PartitionsFor"/>: always on SQLite) one node at a time sends everything,
/// as a <see cref="LeaderService"/>. With P parts (PostgreSQL) every node sends some: each part, a set of chats
/// (<see cref="OutboxPartitions"/>), is sent by the node holding its lock; a node takes free parts while it holds fewer
/// than ceil(P / nodes), hands back the ones above that once the count of nodes has settled (and one above P / nodes
/// rounded down while another node holds fewer than that), and passes k / P of the
/// bot's rate through its <see cref="SendRateGate"/>s (<see cref="OutboxShare"/>) while it holds k parts.
/// </para>
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    IEnumerable<IMessageSender> senders,
    MessagingSettings settings,
    OutboxSignal signal,
    OutboxListener listener,
    OutboxShare share,
    TimeProvider time,
    DatabaseSettings database,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    /// <summary>How long a chat's next message waits when the one before it is still on the wire (a slow send).</summary>
    private static readonly TimeSpan BehindInFlight = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a node with parts counts the nodes, takes free parts and hands back extra ones.</summary>
    internal static readonly TimeSpan BalanceEvery = TimeSpan.FromSeconds(2);

    /// <summary>A part is handed back only after it has been held this long (and the count of nodes was the same at the last checks).</summary>
    internal static readonly TimeSpan HoldAtLeast = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Between letting a part go and unlocking it: the sends passed at this node's higher share leave the provider's
    /// one-second window before another node sends that part's share.
    /// </summary>
    private static readonly TimeSpan ShareSettles = TimeSpan.FromMilliseconds(1100);

    /// <summary>The longest a part handed back waits for its sends on the wire; what is left then is sent again by its next node.</summary>
    private static readonly TimeSpan DrainAtMost = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, IMessageSender> _senders = senders.ToDictionary(s => s.Channel, StringComparer.Ordinal);
    private readonly string _owner = OwnerId();
    private readonly int _partitions = settings.PartitionsFor(database.Provider);
    private OwnedPartitions? _owned;

    // The parts' locks and this node's presence are held on connections named after the node (pg_stat_activity shows who sends what).
    private readonly DatabaseSettings _named = database.Provider == DatabaseProvider.Postgres ? OutboxPartitions.NamedAfterNode(database) : database;

    /// <summary>The parts this node sends now (0-based), when the outbox is sent in parts; empty otherwise.</summary>
    internal int[] HeldPartitions => _owned?.Held ?? [];

    private TimeProvider Time => time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_partitions > 1)
        {
            await RunPartitionedAsync(stoppingToken);
            return;
        }

        // One part: one node at a time sends everything, as it always has.
        using var sole = new SoleSender(this, database, time, logger);
        await sole.StartAsync(stoppingToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        finally
        {
            await sole.StopAsync(CancellationToken.None);
        }
    }

    private async Task LeadAsync(CancellationToken cancellationToken)
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
            await RunAsync(null, cancellationToken);
        }
        finally
        {
            await listening.CancelAsync();
            await wakeUps;
        }
    }

    private TimeSpan OnFailure(Exception exception)
    {
        logger.LogError(exception, "Messaging: the dispatcher failed; restarting it in 2 s");
        return TimeSpan.FromSeconds(2);
    }

    /// <summary>The outbox in one part: the lead of the whole of it, on <see cref="LeaderLock.OutboxKey"/>.</summary>
    private sealed class SoleSender(OutboxDispatcher dispatcher, DatabaseSettings database, TimeProvider time, ILogger logger)
        : LeaderService("sends the outbox", LeaderLock.OutboxKey, database, time, logger)
    {
        protected override Task LeadAsync(CancellationToken cancellationToken) => dispatcher.LeadAsync(cancellationToken);

        protected override TimeSpan OnFailure(Exception exception) => dispatcher.OnFailure(exception);
    }

    /// <summary>
    /// The outbox in parts: announces this node, then every <see cref="BalanceEvery"/> counts the nodes and takes or hands
    /// back parts, while one send loop works the parts held.
    /// </summary>
    private async Task RunPartitionedAsync(CancellationToken stoppingToken)
    {
        var owned = _owned = new OwnedPartitions(_partitions);
        var leases = new Dictionary<int, (LeaderLock.Lease Lease, DateTimeOffset Since)>();
        var nodes = new OutboxNodes(_named);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var wakeUps = listener.RunAsync(listening.Token);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var loop = SendLoopAsync(owned, sending.Token);
        var (lastCount, stableChecks) = (0, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var (partition, held) in leases.Where(l => l.Value.Lease.Lost.IsCancellationRequested).ToList())
                {
                    // Its lock went with its connection: another node may send it now (owned dropped it when it was lost).
                    leases.Remove(partition);
                    await held.Lease.DisposeAsync();
                    LogLost(partition + 1, _partitions);
                }

                try
                {
                    if (await nodes.CountAsync(stoppingToken) is (var count, var fewest, var heldInAll))
                    {
                        stableChecks = count == lastCount ? stableChecks + 1 : 0;
                        lastCount = count;
                        var fair = OutboxPartitions.FairShare(_partitions, count);
                        var least = _partitions / count;
                        if (leases.Count < fair)
                        {
                            await TakeAsync(owned, leases, fair, count, stoppingToken);
                        }
                        else if (leases.Count > fair && stableChecks >= 2)
                        {
                            await HandBackAsync(owned, leases, fair, count, stoppingToken);
                        }
                        else if (leases.Count > least && fewest < least && heldInAll >= _partitions && stableChecks >= 2)
                        {
                            // Every part taken, and a node short of even P / nodes rounded down (4 parts, 3 nodes: 2, 2, 0):
                            // down to that, so it can take one.
                            await HandBackAsync(owned, leases, least, count, stoppingToken);
                        }
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // An exception out of here would stop the whole host; the parts held are kept, the next round tries again.
                    logger.LogError(e, "Messaging: sharing the outbox's parts failed; trying again in {Seconds} s", BalanceEvery.TotalSeconds);
                }

                share.Set(leases.Count, _partitions);
                await Task.Delay(BalanceEvery, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            // What is on the wire finishes and is recorded before the parts are unlocked: a clean stop duplicates nothing.
            await sending.CancelAsync();
            await loop;
            if (leases.Count > 0)
            {
                // As when a part is handed back: this node's last sends leave the provider's window before others take its share.
                await Task.Delay(ShareSettles, time, CancellationToken.None);
            }

            foreach (var (partition, held) in leases)
            {
                owned.Remove(partition);
                await held.Lease.DisposeAsync();
            }

            await nodes.DisposeAsync();
            await listening.CancelAsync();
            await wakeUps;
        }
    }

    /// <summary>Takes free parts, up to <paramref name="fair"/>, and puts back in the queue what a node that died left in flight in each.</summary>
    private async Task TakeAsync(
        OwnedPartitions owned, Dictionary<int, (LeaderLock.Lease Lease, DateTimeOffset Since)> leases, int fair, int nodes, CancellationToken cancellationToken)
    {
        for (var partition = 0; partition < _partitions && leases.Count < fair; partition++)
        {
            if (leases.ContainsKey(partition))
            {
                continue;
            }

            var role = $"sends the outbox (part {partition + 1} of {_partitions})";
            var lease = await new LeaderLock(role, OutboxPartitions.KeyOf(partition, _partitions), _named, time, logger).TryAcquireAsync(cancellationToken);
            if (lease is null)
            {
                continue;
            }

            int recovered;
            try
            {
                recovered = await store.RecoverInFlightAsync(partition, _partitions, cancellationToken);
            }
            catch (Exception e)
            {
                await lease.DisposeAsync();
                if (e is DbException or InvalidOperationException or TimeoutException)
                {
                    LogCannotTake(partition + 1, _partitions, e.GetType().Name);
                    return;
                }

                throw;
            }

            if (recovered > 0)
            {
                logger.LogWarning("Messaging: {Count} message(s) of part {Partition} were in flight when its previous sender stopped; sending them again", recovered, partition + 1);
            }

            var taken = partition;
            lease.Lost.Register(() => owned.Remove(taken));
            leases[partition] = (lease, time.GetUtcNow());
            owned.Add(partition);
            LogTook(partition + 1, _partitions, leases.Count, nodes);
        }
    }

    /// <summary>
    /// Hands back the parts above <paramref name="fair"/> held at least <see cref="HoldAtLeast"/>: no new send of theirs
    /// starts, this node's share of the rate drops, their sends on the wire are recorded, and then they are unlocked.
    /// </summary>
    private async Task HandBackAsync(
        OwnedPartitions owned, Dictionary<int, (LeaderLock.Lease Lease, DateTimeOffset Since)> leases, int fair, int nodes, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var extra = leases.Where(l => now - l.Value.Since >= HoldAtLeast).Select(l => l.Key).OrderDescending().Take(leases.Count - fair).ToList();
        if (extra.Count == 0)
        {
            return;
        }

        foreach (var partition in extra)
        {
            owned.Remove(partition);
        }

        share.Set(leases.Count - extra.Count, _partitions);
        var until = now + DrainAtMost;
        while (extra.Any(p => owned.InFlight(p) > 0) && time.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }

        await Task.Delay(ShareSettles, time, cancellationToken);
        foreach (var partition in extra)
        {
            var (lease, _) = leases[partition];
            leases.Remove(partition);
            await lease.DisposeAsync();
            LogHandedBack(partition + 1, _partitions, leases.Count, nodes);
        }
    }

    /// <summary>Sends the parts held until shutdown; after a failure, puts back what this node left in flight in them and starts again.</summary>
    private async Task SendLoopAsync(OwnedPartitions owned, CancellationToken cancellationToken)
    {
        var restart = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var pause = TimeSpan.Zero;
            try
            {
                if (restart)
                {
                    foreach (var partition in owned.Held)
                    {
                        await store.RecoverInFlightAsync(partition, _partitions, cancellationToken);
                    }
                }

                restart = true;
                await RunAsync(owned, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // A send's outcome could not be recorded: the run ended; start again.
                pause = TimeSpan.FromSeconds(2);
            }
            catch (Exception e)
            {
                pause = OnFailure(e);
            }

            try
            {
                await Task.Delay(pause, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends the parts <paramref name="owned"/> holds as they change (null: the whole outbox).</summary>
    private async Task RunAsync(OwnedPartitions? owned, CancellationToken cancellationToken)
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
                int[]? mine = null;
                int[] taken = [];
                if (owned is not null)
                {
                    (mine, taken) = owned.Snapshot();
                }

                if (mine is { Length: 0 })
                {
                    // No part yet, or none left: nothing of the outbox is this node's to send.
                    await signal.WaitAsync(settings.PollInterval, Time, cancellationToken);
                    continue;
                }

                var batch = await store.ClaimAsync(_owner, ClaimSize(slots), ClaimLease, _partitions, mine, cancellationToken);
                if (batch.Count == 0)
                {
                    ForgetPastHolds(heldChats);
                    await signal.WaitAsync(settings.PollInterval, Time, cancellationToken);
                    continue;
                }

                // Once a chat has to wait, its later messages in the batch wait too: they must not overtake it
                // when its permit comes back while the batch is still being worked through.
                // Put off to the same instant (not each by the same delay from its own "now"), so that when they are due they
                // are claimed in the order they were queued.
                var waitingChats = new Dictionary<long, DateTimeOffset>();
                foreach (var message in batch)
                {
                    if (waitingChats.TryGetValue(message.ChatId, out var chatTurn))
                    {
                        await store.PostponeUntilAsync(message, _owner, chatTurn, cancellationToken);
                        continue;
                    }

                    if (IsHeld(heldChats, message, out var held))
                    {
                        waitingChats[message.ChatId] = held;
                        await store.PostponeInOrderAsync(message, _owner, held, cancellationToken);
                        continue;
                    }

                    if (!_senders.TryGetValue(message.Channel, out var sender))
                    {
                        // The channel is switched off on this node: keep the message for when it is on.
                        await store.PostponeAsync(message, _owner, TimeSpan.FromMinutes(1), cancellationToken);
                        continue;
                    }

                    if (!pace.TryTakeTurn(message.ChatId, out var turn))
                    {
                        waitingChats[message.ChatId] = turn;
                        await store.PostponeInOrderAsync(message, _owner, turn, cancellationToken);
                        continue;
                    }

                    // The overall rate is the channel's to keep (SendRateGate), per call on the wire.
                    await slots.WaitAsync(cancellationToken);
                    var partition = OutboxPartitions.Of(message.ChatId, _partitions);
                    if (owned is not null && !owned.TryStartSend(partition, taken))
                    {
                        // Its part was handed over meanwhile: the part's next sender sends it.
                        slots.Release();
                        await store.PostponeAsync(message, _owner, TimeSpan.Zero, cancellationToken);
                        continue;
                    }

                    heldChats[message.ChatId] = new Hold(DateTimeOffset.MaxValue, message.Priority);
                    inFlight.Add(SendAsync(sender, message, slots, heldChats, unrecorded, owned, partition));
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

    /// <summary>Whether the chat's earlier message is in flight or waits for a retry, and until when to put this one off.</summary>
    private bool IsHeld(ConcurrentDictionary<long, Hold> heldChats, OutboxMessage message, out DateTimeOffset wait)
    {
        wait = DateTimeOffset.MinValue;
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
            wait = now + BehindInFlight;
            return true;
        }

        if (until > now)
        {
            wait = until;
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
        IMessageSender sender, OutboxMessage message, SemaphoreSlim slots, ConcurrentDictionary<long, Hold> heldChats, CancellationTokenSource unrecorded,
        OwnedPartitions? owned, int partition)
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

            owned?.EndSend(partition);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging: this node took part {Partition} of {Partitions} of the outbox; it sends {Held} part(s), {Nodes} node(s) send")]
    private partial void LogTook(int partition, int partitions, int held, int nodes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging: this node handed back part {Partition} of {Partitions} of the outbox; it sends {Held} part(s), {Nodes} node(s) send")]
    private partial void LogHandedBack(int partition, int partitions, int held, int nodes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: this node lost part {Partition} of {Partitions} of the outbox (its database connection failed); another node may take it")]
    private partial void LogLost(int partition, int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: could not take part {Partition} of {Partitions} of the outbox ({Error}); trying again shortly")]
    private partial void LogCannotTake(int partition, int partitions, string error);

    /// <summary>Telegram chat ids of groups are negative; private chats are positive.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: the channel throttled message {MessageId}; retrying in {Seconds} s")]
    private partial void LogThrottled(long messageId, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Messaging: the channel refused message {MessageId} ({Purpose}): {Reason}; it will not be sent")]
    private partial void LogRejected(long messageId, string purpose, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging: the recipient of message {MessageId} blocked the bot or no longer exists; stopped sending to that chat")]
    private partial void LogUnreachable(long messageId);
}
