using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace ChildCare.Core.Messaging;

/// <summary>
/// The durable inbox of received updates. An update is stored (once: duplicates by id are dropped) before it
/// is acknowledged to the channel, then handled by the <see cref="InboundProcessor"/> of any node, one chat by one
/// node at a time, in the order its updates came (<see cref="ClaimAsync"/>). Payloads (what people
/// wrote) are stored sealed, erased once handled, and the rows purged after <c>Retention:InboxDays</c>.
/// </summary>
public sealed class Inbox(IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer, TimeProvider time, ILogger<Inbox>? logger = null)
{
    private const int MaxAttempts = 5;

    private const int MaxGroup = 200;
    private readonly OutboxSignal _signal = new();
    private readonly QueueStatistics _statistics = new(contexts, time, "inbound_updates", logger ?? (ILogger)NullLogger.Instance);
    private GroupCommit<Accepted, bool>? _accepts;
    private GroupCommit<(InboundUpdate Update, string Owner), bool>? _completions;

    /// <summary>
    /// Stores updates that are new; returns how many were new. Single updates (one per webhook request) arriving
    /// together are stored in one statement (<see cref="GroupCommit{TItem, TResult}"/>); each request still returns
    /// only once its update is stored.
    /// </summary>
    public async Task<int> AcceptAsync(string channel, IReadOnlyCollection<(long UpdateId, long? ChatId, string Payload)> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return 0;
        }

        if (updates.Count == 1)
        {
            var (updateId, chatId, payload) = updates.First();
            return await Accepts.WriteAsync(new Accepted(channel, updateId, chatId, payload)).WaitAsync(cancellationToken) ? 1 : 0;
        }

        return (await InsertAsync([.. updates.DistinctBy(u => u.UpdateId).Select(u => new Accepted(channel, u.UpdateId, u.ChatId, u.Payload))], cancellationToken)).Count;
    }

    private readonly record struct Accepted(string Channel, long UpdateId, long? ChatId, string Payload);

    private GroupCommit<Accepted, bool> Accepts => LazyInitializer.EnsureInitialized(ref _accepts, () => new(
        AcceptAllAsync, async u => (await InsertAsync([u], CancellationToken.None)).Count > 0, MaxGroup));

    private GroupCommit<(InboundUpdate Update, string Owner), bool> Completions => LazyInitializer.EnsureInitialized(ref _completions, () => new(
        CompleteAllAsync, async c => { await CompleteOneAsync(c.Update, c.Owner); return true; }, MaxGroup));

    private async Task<IReadOnlyList<bool>> AcceptAllAsync(IReadOnlyList<Accepted> updates)
    {
        var stored = await InsertAsync([.. updates.DistinctBy(u => (u.Channel, u.UpdateId))], CancellationToken.None);
        // A duplicate within the batch (the same update posted twice at once) was new for its first caller only.
        var answered = new HashSet<(string, long)>();
        return [.. updates.Select(u => stored.Contains((u.Channel, u.UpdateId)) && answered.Add((u.Channel, u.UpdateId)))];
    }

    /// <returns>The updates that were new.</returns>
    private async Task<HashSet<(string Channel, long UpdateId)>> InsertAsync(IReadOnlyList<Accepted> updates, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var at = time.GetUtcNow();
        var added = new HashSet<(string, long)>();
        // One statement per channel and chunk (so a batch from polling is one round trip, and a single update needs no transaction).
        foreach (var chunk in updates.GroupBy(u => u.Channel).SelectMany(c => c.Chunk(MaxGroup)))
        {
            var sealedPayloads = chunk.Select(u => sealer.Seal(u.Payload, InboundUpdate.SealContext(u.Channel, u.UpdateId))).ToArray();
            var inserted = db.IsPostgres
                ? await InsertPostgresAsync(db, chunk, sealedPayloads, at, cancellationToken)
                : await InsertSqliteAsync(db, chunk, sealedPayloads, at, cancellationToken);
            added.UnionWith(inserted.Select(id => (chunk[0].Channel, id)));
        }

        if (added.Count > 0)
        {
            _signal.Notify();
        }

        return added;
    }

    /// <summary>
    /// PostgreSQL: one statement of one text whatever the number of updates (arrays through unnest), sent as a plain
    /// command: the same text is prepared once per connection, and EF Core has nothing to compile (a VALUES list per
    /// batch size was a new query for EF Core to compile, dozens in a burst).
    /// </summary>
    private static async Task<List<long>> InsertPostgresAsync(ChildCareDbContext db, Accepted[] chunk, byte[][] sealedPayloads, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = (await PostgresCommands.CreateAsync(db, """
            INSERT INTO inbound_updates (channel, update_id, chat_id, sealed_payload, received_at, status, attempts)
            SELECT $1, v.update_id, v.chat_id, v.sealed_payload, $2, 0, 0
            FROM unnest($3, $4, $5) AS v(update_id, chat_id, sealed_payload)
            ON CONFLICT (channel, update_id) DO NOTHING
            RETURNING update_id
            """, cancellationToken))
            .With(chunk[0].Channel)
            .With(at.ToUniversalTime())
            .With<long[]>([.. chunk.Select(u => u.UpdateId)])
            .With<long?[]>([.. chunk.Select(u => u.ChatId)]);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = sealedPayloads });
        var inserted = new List<long>(chunk.Length);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetInt64(0));
        }

        return inserted;
    }

    private static async Task<List<long>> InsertSqliteAsync(ChildCareDbContext db, Accepted[] chunk, byte[][] sealedPayloads, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var values = new System.Text.StringBuilder();
        var parameters = new List<object?>(chunk.Length * 4 + 1) { db.TimeValue(at) };
        for (var i = 0; i < chunk.Length; i++)
        {
            var p = parameters.Count;
            values.Append(values.Length == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{0}}, 0, 0)");
            parameters.AddRange([chunk[i].Channel, chunk[i].UpdateId, chunk[i].ChatId, sealedPayloads[i]]);
        }

#pragma warning disable EF1002 // Only placeholders are spliced in; every value is a parameter.
        return await db.Database.SqlQueryRaw<long>($"""
            INSERT INTO inbound_updates (channel, update_id, chat_id, sealed_payload, received_at, status, attempts)
            VALUES {values}
            ON CONFLICT (channel, update_id) DO NOTHING
            RETURNING update_id AS "Value"
            """, [.. parameters!]).ToListAsync(cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>The highest update id ever accepted on this channel: where polling resumes after a restart.</summary>
    public async Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates.Where(u => u.Channel == channel).MaxAsync(u => (long?)u.UpdateId, cancellationToken);
    }

    internal Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, time, cancellationToken);

    /// <summary>Wakes this node's processor: a chat it held is free again.</summary>
    internal void Nudge() => _signal.Notify();

    /// <summary>
    /// Claims the chats nobody holds whose oldest unhandled update is due, up to <paramref name="maxChats"/> chats
    /// (as many again whose claim ran out), oldest first, with every waiting update of each (handled in order, by one node). A chat is held while any of
    /// its updates is claimed and its lease runs; a lease that ran out (its node died) is taken over with the rest
    /// of that chat. An update without a chat is a chat of its own. Returns the updates in order.
    /// </summary>
    internal async Task<IReadOnlyList<InboundUpdate>> ClaimAsync(string owner, int maxChats, TimeSpan lease, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (now, until) = (db.TimeValue(at), db.TimeValue(at + lease));
        // PostgreSQL: claimers on other nodes skip the heads this one is locking rather than wait for them; a chat's
        // later updates need no lock, as nobody else can claim them while its head is waiting or held. Every lookup
        // goes through ix_inbound_claim or ix_inbound_chat_open (unhandled rows only), so handled rows kept for
        // Retention:InboxDays cost nothing here. Waiting and expired heads are found apart, so each is one walk down
        // ix_inbound_claim in order that stops at the limit, whatever the backlog (an OR would look over all of it).
        // The OFFSET 0 (perRow) keeps each NOT EXISTS a check per row met on the walk, which PostgreSQL would otherwise
        // turn into an anti-join over every waiting row (hashed, or probing the chat index without its key) and then
        // sort them all: 3 to 35 ms a claim behind 2,000 waiting updates instead of 0.3. Statistics taken while the
        // inbox was empty can still make it check every waiting row and sort them (QueueStatistics refreshes them).
        // Ordered by arrival only, as the index is; each chat's own order is the NOT EXISTS's, by arrival then id.
        var skipLocked = db.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "";
        var perRow = db.IsPostgres ? "OFFSET 0" : "";
        // A chat with an update held under a live lease is not claimable at all, whatever the order of its updates:
        // two webhook requests store their updates concurrently, so one stamped earlier can commit after a later one
        // was claimed, and must not be handled beside it.
        // Parameters for every value; only the fixed locking clause is spliced in.
#pragma warning disable EF1002 // skipLocked and perRow are each one of two constants, never input.
        var claimed = await db.InboundUpdates.FromSqlRaw($$"""
            WITH waiting AS (
                SELECT u.channel, u.chat_id, u.update_id FROM inbound_updates u
                WHERE u.status = 0 AND (u.lease_until IS NULL OR u.lease_until <= {2})
                  AND NOT EXISTS (
                      SELECT 1 FROM inbound_updates o
                      WHERE o.channel = u.channel AND o.chat_id = u.chat_id AND o.status IN (0, 1)
                        AND (o.received_at < u.received_at OR (o.received_at = u.received_at AND o.update_id < u.update_id)
                             OR (o.status = 1 AND o.lease_until >= {2})) {{perRow}})
                ORDER BY u.received_at LIMIT {3} {{skipLocked}}),
            expired AS (
                SELECT u.channel, u.chat_id, u.update_id FROM inbound_updates u
                WHERE u.status = 1 AND u.lease_until < {2}
                  AND NOT EXISTS (
                      SELECT 1 FROM inbound_updates o
                      WHERE o.channel = u.channel AND o.chat_id = u.chat_id AND o.status IN (0, 1)
                        AND (o.received_at < u.received_at OR (o.received_at = u.received_at AND o.update_id < u.update_id)
                             OR (o.status = 1 AND o.lease_until >= {2})) {{perRow}})
                ORDER BY u.received_at LIMIT {3} {{skipLocked}}),
            heads AS (SELECT channel, chat_id, update_id FROM waiting UNION ALL SELECT channel, chat_id, update_id FROM expired),
            claimed AS (
                SELECT channel, update_id FROM heads
                UNION
                SELECT o.channel, o.update_id FROM heads h JOIN inbound_updates o ON o.channel = h.channel AND o.chat_id = h.chat_id
                WHERE o.status IN (0, 1) AND (o.status = 0 OR o.lease_until < {2}))
            UPDATE inbound_updates SET status = 1, lease_owner = {0}, lease_until = {1}, attempts = attempts + 1
            WHERE (channel, update_id) IN (SELECT channel, update_id FROM claimed)
            RETURNING *
            """, owner, until, now, maxChats).AsNoTracking().ToListAsync(cancellationToken);
#pragma warning restore EF1002
        if (db.IsPostgres && claimed.Select(r => (r.Channel, r.ChatId, r.ChatId is null ? r.UpdateId : 0)).Distinct().Count() >= maxChats)
        {
            // A backlog: the statistics may still be those of an empty inbox, which plan this claim badly.
            _statistics.Refresh();
        }

        return claimed.OrderBy(r => r.ReceivedAt).ThenBy(r => r.UpdateId).Select(Opened).ToList();
    }

    /// <summary>Extends the leases of the updates this node holds, so a slow chat is not taken over while it is being handled.</summary>
    internal async Task<int> RenewAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + lease;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates.Where(u => u.Status == InboundStatus.Processing && u.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LeaseUntil, until), cancellationToken);
    }

    /// <summary>Gives back claimed updates not handled (their chat's earlier update is to be retried first), as if never claimed.</summary>
    internal async Task ReleaseAsync(IReadOnlyCollection<InboundUpdate> updates, string owner, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var channel in updates.GroupBy(u => u.Channel))
        {
            var ids = channel.Select(u => u.UpdateId).ToList();
            await db.InboundUpdates.Where(u => u.Channel == channel.Key && ids.Contains(u.UpdateId) && u.LeaseOwner == owner && u.Status == InboundStatus.Processing)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(u => u.Status, InboundStatus.Pending)
                    .SetProperty(u => u.Attempts, u => u.Attempts - 1)
                    .SetProperty(u => u.LeaseOwner, (string?)null)
                    .SetProperty(u => u.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
        }
    }

    // An update sealed under another key (the key was changed while it waited) has no payload: it is skipped as malformed.
    private InboundUpdate Opened(InboundUpdate update)
    {
        try
        {
            update.Payload = sealer.OpenOrNull(update.SealedPayload, InboundUpdate.SealContext(update.Channel, update.UpdateId)) ?? update.LegacyPayload;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            update.Payload = null;
        }

        return update;
    }

    /// <summary>Puts back every claimed update: only for a database that one node works (SQLite), at its start.</summary>
    internal async Task<int> RecoverInFlightAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates.Where(u => u.Status == InboundStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, InboundStatus.Pending).SetProperty(u => u.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
    }

    /// <summary>
    /// Marks an update handled and erases its payload: it may hold what a reporter typed. The updates of the chats
    /// handled at once on this node are marked together, in one statement.
    /// </summary>
    internal Task CompleteAsync(InboundUpdate update, string owner, CancellationToken cancellationToken) =>
        Completions.WriteAsync((update, owner)).WaitAsync(cancellationToken);

    private async Task<IReadOnlyList<bool>> CompleteAllAsync(IReadOnlyList<(InboundUpdate Update, string Owner)> handled)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        foreach (var group in handled.GroupBy(h => (h.Update.Channel, h.Owner)))
        {
            var (channel, owner) = group.Key;
            long[] ids = [.. group.Select(h => h.Update.UpdateId)];
            if (db.IsPostgres)
            {
                await DonePostgresAsync(db, channel, ids, owner, now);
            }
            else
            {
                await Done(db.InboundUpdates.Where(u => u.Channel == channel && ids.Contains(u.UpdateId) && u.LeaseOwner == owner), now);
            }
        }

        return [.. handled.Select(_ => true)];
    }

    private async Task CompleteOneAsync(InboundUpdate update, string owner)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        if (db.IsPostgres)
        {
            await DonePostgresAsync(db, update.Channel, [update.UpdateId], owner, now);
            return;
        }

        await Done(Row(db, update, owner), now);
    }

    /// <summary>
    /// PostgreSQL: <see cref="Done"/> as one plain command of one text for any number of updates (EF Core would
    /// translate the LINQ update again at every call, and its text changes with the number of ids).
    /// </summary>
    private static async Task DonePostgresAsync(ChildCareDbContext db, string channel, long[] ids, string owner, DateTimeOffset now)
    {
        await using var command = (await PostgresCommands.CreateAsync(db, $"""
            UPDATE inbound_updates SET status = {(int)InboundStatus.Done}, sealed_payload = NULL, payload = NULL, processed_at = $1, lease_owner = NULL, last_error = NULL
            WHERE channel = $2 AND update_id = ANY($3) AND lease_owner = $4
            """, CancellationToken.None))
            .With(now.ToUniversalTime())
            .With(channel)
            .With(ids)
            .With(owner);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static Task<int> Done(IQueryable<InboundUpdate> rows, DateTimeOffset now) => rows.ExecuteUpdateAsync(s => s
        .SetProperty(u => u.Status, InboundStatus.Done)
        .SetProperty(u => u.SealedPayload, (byte[]?)null)
        .SetProperty(u => u.LegacyPayload, (string?)null)
        .SetProperty(u => u.ProcessedAt, now)
        .SetProperty(u => u.LeaseOwner, (string?)null)
        .SetProperty(u => u.LastError, (string?)null), CancellationToken.None);

    /// <summary>Retries with backoff; after <see cref="MaxAttempts"/> gives up and erases the payload.</summary>
    /// <returns>Whether the update was given up.</returns>
    internal async Task<bool> FailAsync(InboundUpdate update, string owner, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reason = error.Length <= 500 ? error : error[..500];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (update.Attempts >= MaxAttempts)
        {
            await Row(db, update, owner).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.Status, InboundStatus.Failed)
                .SetProperty(u => u.SealedPayload, (byte[]?)null)
            .SetProperty(u => u.LegacyPayload, (string?)null)
                .SetProperty(u => u.ProcessedAt, now)
                .SetProperty(u => u.LeaseOwner, (string?)null)
                .SetProperty(u => u.LastError, reason), cancellationToken);
            return true;
        }

        var retryAt = now + TimeSpan.FromSeconds(Math.Pow(2, update.Attempts));
        await Row(db, update, owner).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Status, InboundStatus.Pending)
            .SetProperty(u => u.LeaseUntil, retryAt)
            .SetProperty(u => u.LeaseOwner, (string?)null)
            .SetProperty(u => u.LastError, reason), cancellationToken);
        return false;
    }

    private static IQueryable<InboundUpdate> Row(ChildCareDbContext db, InboundUpdate update, string owner) =>
        db.InboundUpdates.Where(u => u.Channel == update.Channel && u.UpdateId == update.UpdateId && u.LeaseOwner == owner);
}
