using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Messaging;

/// <summary>
/// The durable inbox of received updates. An update is stored (once: duplicates by id are dropped) before it
/// is acknowledged to the channel, then handled by the <see cref="InboundProcessor"/>. Payloads (what people
/// wrote) are stored sealed, erased once handled, and the rows purged after <c>Retention:InboxDays</c>.
/// </summary>
public sealed class Inbox(IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer, TimeProvider time)
{
    private const int MaxAttempts = 5;
    private readonly OutboxSignal _signal = new();

    /// <summary>Stores updates that are new; returns how many were new.</summary>
    public async Task<int> AcceptAsync(string channel, IReadOnlyCollection<(long UpdateId, long? ChatId, string Payload)> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return 0;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = db.TimeValue(time.GetUtcNow());
        var added = 0;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var (updateId, chatId, payload) in updates)
            {
                var sealedPayload = sealer.Seal(payload, InboundUpdate.SealContext(channel, updateId));
                added += await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO inbound_updates (channel, update_id, chat_id, sealed_payload, received_at, status, attempts)
                    VALUES ({channel}, {updateId}, {chatId}, {sealedPayload}, {now}, 0, 0)
                    ON CONFLICT (channel, update_id) DO NOTHING
                    """, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (added > 0)
        {
            _signal.Notify();
        }

        return added;
    }

    /// <summary>The highest update id ever accepted on this channel: where polling resumes after a restart.</summary>
    public async Task<long?> LastUpdateIdAsync(string channel, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates.Where(u => u.Channel == channel).MaxAsync(u => (long?)u.UpdateId, cancellationToken);
    }

    internal Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, time, cancellationToken);

    /// <summary>Claims due updates, oldest first.</summary>
    internal async Task<IReadOnlyList<InboundUpdate>> ClaimAsync(string owner, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (now, until) = (db.TimeValue(at), db.TimeValue(at + lease));
        var skipLocked = db.IsPostgres ? "FOR UPDATE SKIP LOCKED" : "";
        // Built with parameters for every value; only the fixed locking clause is spliced in.
#pragma warning disable EF1002 // skipLocked is one of two constants, never input.
        var claimed = await db.Database.SqlQueryRaw<string>($$"""
            UPDATE inbound_updates SET status = 1, lease_owner = {0}, lease_until = {1}, attempts = attempts + 1
            WHERE (channel, update_id) IN (
                SELECT channel, update_id FROM inbound_updates
                WHERE (status = 0 AND (lease_until IS NULL OR lease_until <= {2})) OR (status = 1 AND lease_until < {2})
                ORDER BY received_at, update_id LIMIT {3} {{skipLocked}})
            RETURNING channel || ':' || CAST(update_id AS TEXT) AS "Value"
            """, owner, until, now, max).ToListAsync(cancellationToken);
#pragma warning restore EF1002
        if (claimed.Count == 0)
        {
            return [];
        }

        var keys = claimed.Select(k => k.Split(':', 2)).Select(p => (Channel: p[0], Id: long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var ids = keys.Select(k => k.Id).ToList();
        var rows = await db.InboundUpdates.AsNoTracking().Where(u => ids.Contains(u.UpdateId)).ToListAsync(cancellationToken);
        var wanted = keys.ToHashSet();
        return rows.Where(r => wanted.Contains((r.Channel, r.UpdateId))).OrderBy(r => r.ReceivedAt).ThenBy(r => r.UpdateId).Select(Opened).ToList();
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

    internal async Task<int> RecoverInFlightAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundUpdates.Where(u => u.Status == InboundStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, InboundStatus.Pending).SetProperty(u => u.LeaseUntil, (DateTimeOffset?)null), cancellationToken);
    }

    /// <summary>Marks an update handled and erases its payload: it may hold what a reporter typed.</summary>
    internal async Task CompleteAsync(InboundUpdate update, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await Row(db, update, owner).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Status, InboundStatus.Done)
            .SetProperty(u => u.SealedPayload, (byte[]?)null)
            .SetProperty(u => u.LegacyPayload, (string?)null)
            .SetProperty(u => u.ProcessedAt, now)
            .SetProperty(u => u.LeaseOwner, (string?)null)
            .SetProperty(u => u.LastError, (string?)null), cancellationToken);
    }

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
