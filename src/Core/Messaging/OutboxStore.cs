using System.Runtime.CompilerServices;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace ChildCare.Core.Messaging;

/// <summary>
/// The outbox table's operations. Claims are one atomic UPDATE … RETURNING, with SKIP LOCKED on
/// PostgreSQL, so two dispatchers can never claim the same row. Texts and buttons are sealed when queued,
/// opened when claimed, and erased when the row reaches its end (sent, given up, unreachable).
/// </summary>
public sealed class OutboxStore(IDbContextFactory<ChildCareDbContext> contexts, OutboxSignal signal, Sealer sealer, TimeProvider time) : IOutbox
{
    // A dispatcher has at most MessagingSettings.MaxConcurrentSends sends in flight, each waiting for its record.
    private const int MaxDeliveredGroup = 256;
    private GroupCommit<Delivery, bool>? _deliveries;

    private readonly record struct Delivery(long Id, string Owner, long? ProviderMessageId);

    /// <summary>
    /// The "sent" records of the sends finishing together, written in one statement (<see cref="GroupCommit{TItem, TResult}"/>):
    /// a busy dispatcher finishes dozens at a time, and one round trip each was most of its database work.
    /// </summary>
    private GroupCommit<Delivery, bool> Deliveries => LazyInitializer.EnsureInitialized(ref _deliveries, () => new(
        MarkSentAsync, async d => { await MarkSentAsync([d]); return true; }, MaxDeliveredGroup));
    public async Task<int> EnqueueAsync(IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        messages = await DeliveryFanOut.ExpandAsync(db, messages, cancellationToken);
        var fresh = await WithoutKnownDuplicatesAsync(db, messages, cancellationToken);
        var unreachable = await UnreachableAmongAsync(db, fresh, cancellationToken);
        var rows = fresh.Select(m => Row(m, now, unreachable)).ToList();
        if (rows.Count == 0)
        {
            return 0;
        }

        db.OutboxMessages.AddRange(rows);
        try
        {
            await SaveAndNotifyAsync(db, cancellationToken);
            signal.Notify();
            return rows.Count;
        }
        catch (DbUpdateException) when (rows.Any(m => m.DedupKey is not null))
        {
            // Another node enqueued some of the same keys between our check and our insert: add one by one.
            var added = await EnqueueOneByOneAsync(fresh, now, unreachable, cancellationToken);
            signal.Notify();
            return added;
        }
    }

    /// <summary>Saves; on PostgreSQL in one transaction with a NOTIFY that wakes the leading dispatcher (<see cref="OutboxListener"/>).</summary>
    private static async Task SaveAndNotifyAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({OutboxListener.Channel}, '')", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Stores several callers' messages in one transaction and the same few look-ups as one caller's (endpoints, known
    /// keys, unreachable chats; on PostgreSQL the endpoints and then one statement for the rest): returns how many of
    /// each group were new. A key twice in the batch is stored once, for the group that came first. On SQLite, throws
    /// <see cref="DbUpdateException"/> when another writer stored one of the keys meanwhile; the caller then stores the
    /// groups one by one (<see cref="EnqueueAsync"/>).
    /// </summary>
    internal async Task<IReadOnlyList<int>> EnqueueGroupsAsync(IReadOnlyList<IReadOnlyCollection<OutboundMessage>> groups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var given = groups.SelectMany((g, i) => g.Select(m => (Group: i, Message: m))).ToList();
        var expanded = await DeliveryFanOut.ExpandEachAsync(db, [.. given.Select(g => g.Message)], cancellationToken);
        var tagged = given.SelectMany((g, k) => expanded[k].Select(m => (g.Group, Message: m))).ToList();
        if (db.IsPostgres)
        {
            return await InsertGroupsAsync(db, groups.Count, tagged, now, cancellationToken);
        }

        var known = await KnownKeysAsync(db, [.. tagged.Where(t => t.Message.DedupKey is not null).Select(t => t.Message.DedupKey!).Distinct()], cancellationToken);
        var fresh = tagged.Where(t => t.Message.DedupKey is null || known.Add(t.Message.DedupKey)).ToList();
        var unreachable = await UnreachableAmongAsync(db, [.. fresh.Select(f => f.Message)], cancellationToken);
        var counts = new int[groups.Count];
        foreach (var (group, message) in fresh)
        {
            db.OutboxMessages.Add(Row(message, now, unreachable));
            counts[group]++;
        }

        if (fresh.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            signal.Notify();
        }

        return counts;
    }

    /// <summary>
    /// One caller's messages as <see cref="EnqueueGroupsAsync"/> stores a group: on PostgreSQL one statement (a lone
    /// reply took three look-ups and a transaction through <see cref="EnqueueAsync"/>). Where a key stored meanwhile
    /// refuses the batch (SQLite), one by one through <see cref="EnqueueAsync"/>.
    /// </summary>
    internal async Task<int> EnqueueGroupAsync(IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        try
        {
            return (await EnqueueGroupsAsync([messages], cancellationToken))[0];
        }
        catch (DbUpdateException)
        {
            return await EnqueueAsync(messages, cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL: the groups' messages in one statement, which also skips the keys already stored (by anyone, even
    /// meanwhile: ON CONFLICT) and stores a message to an unreachable chat as such, without its text. In the given
    /// order, so of a key given twice the first is stored. Returns how many of each group were stored.
    /// </summary>
    private async Task<IReadOnlyList<int>> InsertGroupsAsync(
        ChildCareDbContext db, int groupCount, List<(int Group, OutboundMessage Message)> tagged, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = new int[groupCount];
        if (tagged.Count == 0)
        {
            return counts;
        }

        var rows = tagged.Select(t => OutboxMessage.From(t.Message, now, sealer)).ToList();
        // The NOTIFY wakes the leading dispatcher on whichever node (OutboxListener), once the rows are committed: once
        // per statement, only when something was stored; it adds a row with no key, which counts for nothing. A plain
        // command of one text (PostgresCommands).
        await using var command = (await PostgresCommands.CreateAsync(db, $"""
            WITH stored AS (
            INSERT INTO outbox_messages (channel, chat_id, sealed_text, sealed_keyboard, disable_link_preview, priority, purpose, dedup_key,
                                         created_at, not_before, status, attempts, last_error)
            SELECT v.channel, v.chat_id,
                   CASE WHEN u.chat_id IS NULL THEN v.sealed_text END, CASE WHEN u.chat_id IS NULL THEN v.sealed_keyboard END,
                   v.disable_link_preview, v.priority, v.purpose, v.dedup_key, $1, v.not_before,
                   CASE WHEN u.chat_id IS NULL THEN {(int)OutboxStatus.Pending} ELSE {(int)OutboxStatus.Unreachable} END, 0,
                   CASE WHEN u.chat_id IS NULL THEN NULL ELSE 'recipient unreachable when enqueued' END
            FROM unnest($2, $3, $4, $5, $6, $7, $8, $9, $10) WITH ORDINALITY
                 AS v(channel, chat_id, sealed_text, sealed_keyboard, disable_link_preview, priority, purpose, dedup_key, not_before, ordinal)
            LEFT JOIN unreachable_chats u ON u.channel = v.channel AND u.chat_id = v.chat_id
            ORDER BY v.ordinal
            ON CONFLICT (dedup_key) DO NOTHING
            RETURNING dedup_key)
            SELECT dedup_key FROM stored
            UNION ALL
            SELECT NULL FROM (SELECT pg_notify($11, '') FROM stored LIMIT 1) AS woken
            """, cancellationToken))
            .With(now.ToUniversalTime())
            .With<string[]>([.. rows.Select(r => r.Channel)])
            .With<long[]>([.. rows.Select(r => r.ChatId)]);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.SealedText).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(r => r.SealedKeyboard).ToArray() });
        command
            .With<bool[]>([.. rows.Select(r => r.DisableLinkPreview)])
            .With<int[]>([.. rows.Select(r => r.Priority)])
            .With<string[]>([.. rows.Select(r => r.Purpose)])
            .With<string?[]>([.. rows.Select(r => r.DedupKey)])
            .With<DateTimeOffset[]>([.. rows.Select(r => r.NotBefore.ToUniversalTime())])
            .With(OutboxListener.Channel);
        var stored = new List<string?>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stored.Add(await reader.IsDBNullAsync(0, cancellationToken) ? null : reader.GetString(0));
            }
        }

        var storedKeys = stored.Where(k => k is not null).Select(k => k!).ToHashSet(StringComparer.Ordinal);
        foreach (var (group, message) in tagged)
        {
            // A key stored counts once, for the first message that gave it.
            if (message.DedupKey is null || storedKeys.Remove(message.DedupKey))
            {
                counts[group]++;
            }
        }

        signal.Notify();
        return counts;
    }

    private OutboxMessage Row(OutboundMessage message, DateTimeOffset now, HashSet<(string, long)> unreachable)
    {
        var row = OutboxMessage.From(message, now, sealer);
        if (unreachable.Contains((message.Channel, message.ChatId)))
        {
            // Kept, so the record shows that something could not be delivered and to whom; the text is not.
            row.Status = OutboxStatus.Unreachable;
            row.LastError = "recipient unreachable when enqueued";
            row.SealedText = null;
            row.SealedKeyboard = null;
        }

        return row;
    }

    private static async Task<HashSet<(string, long)>> UnreachableAmongAsync(ChildCareDbContext db, List<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var unreachable = new HashSet<(string, long)>();
        foreach (var chunk in messages.Select(r => r.ChatId).Distinct().Chunk(500))
        {
            var found = await db.UnreachableChats.AsNoTracking()
                .Where(c => chunk.Contains(c.ChatId))
                .Select(c => new { c.Channel, c.ChatId })
                .ToListAsync(cancellationToken);
            unreachable.UnionWith(found.Select(c => (c.Channel, c.ChatId)));
        }

        return unreachable;
    }

    private static async Task<List<OutboundMessage>> WithoutKnownDuplicatesAsync(ChildCareDbContext db, IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var unique = messages.Where(m => m.DedupKey is null)
            .Concat(messages.Where(m => m.DedupKey is not null).DistinctBy(m => m.DedupKey))
            .ToList();
        var keys = unique.Where(m => m.DedupKey is not null).Select(m => m.DedupKey!).ToList();
        if (keys.Count == 0)
        {
            return unique;
        }

        var existing = await KnownKeysAsync(db, keys, cancellationToken);
        return unique.Where(m => m.DedupKey is null || !existing.Contains(m.DedupKey)).ToList();
    }

    private static async Task<HashSet<string>> KnownKeysAsync(ChildCareDbContext db, List<string> keys, CancellationToken cancellationToken)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            existing.UnionWith(await db.OutboxMessages.Where(m => chunk.Contains(m.DedupKey!)).Select(m => m.DedupKey!).ToListAsync(cancellationToken));
        }

        return existing;
    }

    private async Task<int> EnqueueOneByOneAsync(List<OutboundMessage> messages, DateTimeOffset now, HashSet<(string, long)> unreachable, CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var message in messages)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.OutboxMessages.Add(Row(message, now, unreachable));
            try
            {
                await SaveAndNotifyAsync(db, cancellationToken);
                added++;
            }
            catch (DbUpdateException) when (message.DedupKey is not null)
            {
                // A duplicate by key: dropped, as promised. Any other refusal (a text the database cannot hold) is
                // no duplicate, and a message must not vanish as one.
                await using var check = await contexts.CreateDbContextAsync(cancellationToken);
                if (!await check.OutboxMessages.AnyAsync(m => m.DedupKey == message.DedupKey, cancellationToken))
                {
                    throw;
                }
            }
        }

        return added;
    }

    /// <summary>Claims up to <paramref name="max"/> due messages for <paramref name="owner"/>, most urgent first.</summary>
    public Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string owner, int max, TimeSpan lease, CancellationToken cancellationToken) =>
        ClaimAsync(owner, max, lease, 1, null, cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> due messages of the parts <paramref name="mine"/> of <paramref name="partitions"/>
    /// (<see cref="OutboxPartitions.Of"/>; null: of every part), most urgent first. SQLite has one part.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(
        string owner, int max, TimeSpan lease, int partitions, int[]? mine, CancellationToken cancellationToken)
    {
        if (mine is not null && (partitions <= 1 || mine.Length >= partitions))
        {
            mine = null;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (nowValue, untilValue) = (db.TimeValue(now), db.TimeValue(now + lease));
        // One round trip: the claimed rows come back whole (RETURNING *), as the inbox's claim does.
        var rows = db.IsPostgres
            ? await db.OutboxMessages.FromSql(PostgresClaim(nowValue, untilValue, owner, max, partitions, mine)).AsNoTracking().ToListAsync(cancellationToken)
            : await db.OutboxMessages.FromSql($"""
                UPDATE outbox_messages SET status = 1, lease_owner = {owner}, lease_until = {untilValue}, attempts = attempts + 1
                WHERE id IN (SELECT id FROM outbox_messages
                             WHERE (status = 0 AND not_before <= {nowValue}) OR (status = 1 AND lease_until < {nowValue})
                             ORDER BY priority, id LIMIT {max})
                RETURNING *
                """).AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(m => m.Priority).ThenBy(m => m.Id).Select(m => m.Opened(sealer)).ToList();
    }

    /// <summary>
    /// PostgreSQL's claim: due and expired rows are found apart, each one walk down ix_outbox_claim in order that stops
    /// at the limit (an OR made it look over every waiting row and sort them), then the most urgent of both. With
    /// <paramref name="mine"/>, each walk keeps only this node's parts: with k of P parts held, about P / k rows are read
    /// per row claimed. The part condition is fixed text; every value is a parameter.
    /// </summary>
    private static FormattableString PostgresClaim(object nowValue, object untilValue, string owner, int max, int partitions, int[]? mine)
    {
        var mineOnly = mine is null ? "" : " AND ((chat_id % {4}) + {4}) % {4} = ANY({5})";
        return FormattableStringFactory.Create(
            $$"""
            WITH due AS (
                SELECT id, priority FROM outbox_messages WHERE status = 0 AND not_before <= {0}{{mineOnly}}
                ORDER BY priority, id LIMIT {1} FOR UPDATE SKIP LOCKED),
            expired AS (
                SELECT id, priority FROM outbox_messages WHERE status = 1 AND lease_until < {0}{{mineOnly}}
                ORDER BY priority, id LIMIT {1} FOR UPDATE SKIP LOCKED)
            UPDATE outbox_messages SET status = 1, lease_owner = {2}, lease_until = {3}, attempts = attempts + 1
            WHERE id IN (SELECT id FROM (SELECT id, priority FROM due UNION ALL SELECT id, priority FROM expired) AS claimable
                         ORDER BY priority, id LIMIT {1})
            RETURNING *
            """,
            mine is null ? [nowValue, max, owner, untilValue] : [nowValue, max, owner, untilValue, partitions, mine]);
    }

    /// <summary>
    /// Puts every message another dispatcher left in flight back in the queue. Called by a dispatcher that
    /// has just become the only one (leader), so nothing else can be sending them.
    /// </summary>
    public async Task<int> RecoverInFlightAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RequeueAsync(db.OutboxMessages.Where(m => m.Status == OutboxStatus.Sending), cancellationToken);
    }

    /// <summary>
    /// As <see cref="RecoverInFlightAsync(CancellationToken)"/>, for part <paramref name="partition"/> of <paramref name="partitions"/>
    /// only: called by the dispatcher that has just taken that part; other nodes may be sending the others.
    /// </summary>
    public async Task<int> RecoverInFlightAsync(int partition, int partitions, CancellationToken cancellationToken)
    {
        if (partitions <= 1)
        {
            return await RecoverInFlightAsync(cancellationToken);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await RequeueAsync(
            db.OutboxMessages.Where(m => m.Status == OutboxStatus.Sending && ((m.ChatId % partitions) + partitions) % partitions == partition), cancellationToken);
    }

    private static Task<int> RequeueAsync(IQueryable<OutboxMessage> inFlight, CancellationToken cancellationToken) =>
        inFlight.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.LeaseOwner, (string?)null), cancellationToken);

    /// <summary>
    /// Records how a send ended. Returns when the message will be tried again (throttled, or a failure worth retrying),
    /// or null when it is done with: until then the chat's later messages wait for it, so a chat reads them in order.
    /// </summary>
    public async Task<DateTimeOffset?> CompleteAsync(OutboxMessage message, string owner, SendResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (result is SendResult.Delivered delivered)
        {
            // The usual outcome, written with the others finishing now: this call needs no context of its own.
            await Deliveries.WriteAsync(new Delivery(message.Id, owner, delivered.ProviderMessageId)).WaitAsync(cancellationToken);
            return null;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == owner);
        switch (result)
        {
            case SendResult.Throttled throttled:
                return await RetryInOrderAsync(db, row, message, now + throttled.RetryAfter, throttled.Reason, cancellationToken);
            case SendResult.TransientFailure failure when now - message.CreatedAt < GiveUpAfter:
                return await RetryInOrderAsync(db, row, message, now + Backoff(message.Attempts), failure.Reason, cancellationToken);
            case SendResult.TransientFailure failure:
                await FailAsync(row, OutboxStatus.Failed, $"gave up after {message.Attempts} attempts: {failure.Reason}", cancellationToken);
                break;
            case SendResult.Unreachable unreachable:
                // The chat is recorded first: whoever sees this row as unreachable also sees the chat as unreachable.
                await MarkUnreachableAsync(message.Channel, message.ChatId, unreachable.Reason, cancellationToken);
                await FailAsync(row, OutboxStatus.Unreachable, unreachable.Reason, cancellationToken);
                break;
            case SendResult.Rejected rejected:
                await FailAsync(row, OutboxStatus.Failed, rejected.Reason, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(result), result, "Unknown send result.");
        }

        return null;
    }

    /// <summary>
    /// Puts the message back for <paramref name="notBefore"/>, and the chat's later messages of the same or a lower
    /// urgency no earlier: the second half of an emergency reply must not reach the person before its first half
    /// (the numbers to call), even when the sender that held them stops meanwhile.
    /// </summary>
    private static async Task<DateTimeOffset?> RetryInOrderAsync(
        ChildCareDbContext db, IQueryable<OutboxMessage> row, OutboxMessage message, DateTimeOffset notBefore, string reason, CancellationToken cancellationToken)
    {
        await RetryLaterAsync(row, notBefore, reason, refund: false, cancellationToken);
        await HoldLaterAsync(db, message, notBefore, cancellationToken);
        return notBefore;
    }

    /// <summary>The chat's later messages of the same or a lower urgency, still queued, wait until <paramref name="notBefore"/> too.</summary>
    private static Task<int> HoldLaterAsync(ChildCareDbContext db, OutboxMessage message, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        db.OutboxMessages
            .Where(m => m.Channel == message.Channel && m.ChatId == message.ChatId && m.Status == OutboxStatus.Pending
                && m.Id > message.Id && m.Priority >= message.Priority && m.NotBefore < notBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NotBefore, notBefore), cancellationToken);

    /// <summary>Marks sent the messages still held by their owner, erasing their text and buttons.</summary>
    private async Task<IReadOnlyList<bool>> MarkSentAsync(IReadOnlyList<Delivery> sent)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        if (db.IsPostgres)
        {
            // A plain command: EF Core adds nothing to a fixed statement but its own work at every call.
            await using var command = (await PostgresCommands.CreateAsync(db, $"""
                UPDATE outbox_messages AS o
                SET status = {(int)OutboxStatus.Sent}, sent_at = $1, provider_message_id = v.provider_id, lease_owner = NULL,
                    last_error = NULL, sealed_text = NULL, sealed_keyboard = NULL, text = NULL, keyboard = NULL
                FROM unnest($2, $3, $4) AS v(id, owner, provider_id)
                WHERE o.id = v.id AND o.lease_owner = v.owner
                """, CancellationToken.None))
                .With(now.ToUniversalTime())
                .With<long[]>([.. sent.Select(d => d.Id)])
                .With<string[]>([.. sent.Select(d => d.Owner)])
                .With<long?[]>([.. sent.Select(d => d.ProviderMessageId)]);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        else
        {
            foreach (var (id, owner, providerId) in sent)
            {
                await db.OutboxMessages.Where(m => m.Id == id && m.LeaseOwner == owner).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, OutboxStatus.Sent)
                    .SetProperty(m => m.SentAt, now)
                    .SetProperty(m => m.ProviderMessageId, providerId)
                    .SetProperty(m => m.LeaseOwner, (string?)null)
                    .SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.SealedText, (byte[]?)null)
                    .SetProperty(m => m.SealedKeyboard, (byte[]?)null)
                    .SetProperty(m => m.LegacyText, (string?)null)
                    .SetProperty(m => m.LegacyKeyboardJson, (string?)null), CancellationToken.None);
            }
        }

        return [.. sent.Select(_ => true)];
    }

    /// <summary>Hands a claimed message back without counting an attempt (our own rate limit said "not yet").</summary>
    public Task PostponeAsync(OutboxMessage message, string owner, TimeSpan delay, CancellationToken cancellationToken) =>
        PostponeUntilAsync(message, owner, time.GetUtcNow() + delay, cancellationToken);

    /// <summary>
    /// Hands a claimed message back until <paramref name="notBefore"/> without counting an attempt: a chat's messages put
    /// off to the same instant are due together, and claimed in the order they were queued.
    /// </summary>
    public Task PostponeUntilAsync(OutboxMessage message, string owner, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        PostponeAsync(message, owner, notBefore, holdLater: false, cancellationToken);

    /// <summary>
    /// As <see cref="PostponeUntilAsync"/>, and the chat's later messages still queued wait as long: a message put off
    /// behind one on the wire, or for the chat's pace, is not overtaken by a later one claimed afterwards (here, or
    /// by the next sender of its part).
    /// </summary>
    public Task PostponeInOrderAsync(OutboxMessage message, string owner, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        PostponeAsync(message, owner, notBefore, holdLater: true, cancellationToken);

    private async Task PostponeAsync(OutboxMessage message, string owner, DateTimeOffset notBefore, bool holdLater, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = db.OutboxMessages.Where(m => m.Id == message.Id && m.LeaseOwner == owner);
        await RetryLaterAsync(row, notBefore, null, refund: true, cancellationToken);
        if (holdLater)
        {
            await HoldLaterAsync(db, message, notBefore, cancellationToken);
        }
    }

    public async Task MarkUnreachableAsync(string channel, long chatId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.UnreachableChats.AnyAsync(c => c.Channel == channel && c.ChatId == chatId, cancellationToken))
        {
            db.UnreachableChats.Add(new ChatReachability { Channel = channel, ChatId = chatId, Since = now, Reason = Truncate(reason, 200) });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Marked by a concurrent send to the same chat.
            }
        }

        await db.OutboxMessages
            .Where(m => m.Channel == channel && m.ChatId == chatId && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Unreachable).SetProperty(m => m.LastError, "recipient unreachable")
                .SetProperty(m => m.SealedText, (byte[]?)null).SetProperty(m => m.SealedKeyboard, (byte[]?)null)
                .SetProperty(m => m.LegacyText, (string?)null).SetProperty(m => m.LegacyKeyboardJson, (string?)null), cancellationToken);
    }

    /// <summary>The person unblocked the bot: messages from now on are sent again.</summary>
    public async Task MarkReachableAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.UnreachableChats.Where(c => c.Channel == channel && c.ChatId == chatId).ExecuteDeleteAsync(cancellationToken);
    }

    internal static TimeSpan GiveUpAfter { get; } = TimeSpan.FromHours(24);

    /// <summary>2, 4, 8 … seconds, at most a minute: a two-minute outage is caught up within a minute of its end.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Clamp(attempts, 1, 6))));

    private static Task<int> RetryLaterAsync(IQueryable<OutboxMessage> row, DateTimeOffset notBefore, string? reason, bool refund, CancellationToken cancellationToken) =>
        refund
            ? row.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NotBefore, notBefore)
                .SetProperty(m => m.Attempts, m => m.Attempts - 1)
                .SetProperty(m => m.LeaseOwner, (string?)null), cancellationToken)
            : row.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NotBefore, notBefore)
                .SetProperty(m => m.LeaseOwner, (string?)null)
                .SetProperty(m => m.LastError, reason == null ? null : Truncate(reason, 500)), cancellationToken);

    // Nothing sends a failed or unreachable row again, so its text goes now, as a sent one's does.
    private static Task<int> FailAsync(IQueryable<OutboxMessage> row, OutboxStatus status, string reason, CancellationToken cancellationToken) =>
        row.ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.LeaseOwner, (string?)null)
            .SetProperty(m => m.LastError, Truncate(reason, 500))
            .SetProperty(m => m.SealedText, (byte[]?)null)
            .SetProperty(m => m.SealedKeyboard, (byte[]?)null)
            .SetProperty(m => m.LegacyText, (string?)null)
            .SetProperty(m => m.LegacyKeyboardJson, (string?)null), cancellationToken);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
