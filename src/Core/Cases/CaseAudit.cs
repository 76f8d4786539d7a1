using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

/// <summary>
/// The tamper-evident case record. Every line of <c>case_events</c> carries its place in the case
/// (<see cref="CaseEvent.Sequence"/>) and an HMAC, keyed from the privacy key, over the line and the previous
/// line's HMAC (<see cref="CaseEvent.Chain"/>). The database refuses to change or delete lines (triggers; on
/// PostgreSQL also the application role's grants); the chain finds what someone with more rights than that did:
/// a line altered, removed from the middle, or added without the key. Lines removed from the end of a case, or a
/// whole case's lines, leave no break: the triggers and grants are what stop those.
/// </summary>
public sealed class CaseAudit
{
    private readonly Sealer _sealer;

    public CaseAudit(Sealer sealer) => _sealer = sealer;

    /// <summary>
    /// Saves the context's changes with its new case lines chained: in a transaction (the caller's, or one of its
    /// own), after taking the case rows' write locks, so two nodes writing lines of one case take turns.
    /// </summary>
    public Task<int> SaveAsync(ChildCareDbContext db, CancellationToken cancellationToken) => SaveAsync(db, insertedCase: null, cancellationToken);

    /// <summary>
    /// As <see cref="SaveAsync(ChildCareDbContext, CancellationToken)"/>, where <paramref name="insertedCase"/> is a
    /// case this very transaction inserted: nobody else sees it yet and it has no lines, so its lines are chained from
    /// the start without the row lock and the read of its last line (two round trips less inside an intake).
    /// </summary>
    public async Task<int> SaveAsync(ChildCareDbContext db, long? insertedCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var pending = db.ChangeTracker.Entries<CaseEvent>()
            .Where(e => e.State == EntityState.Added && e.Entity.Chain is null)
            .Select(e => e.Entity)
            .OrderBy(e => e.Ordinal)
            .ToList();
        if (pending.Count == 0)
        {
            return await db.SaveChangesAsync(cancellationToken);
        }

        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            foreach (var lines in pending.GroupBy(e => e.CaseId).OrderBy(g => g.Key))
            {
                var (sequence, previous) = (0, (byte[]?)null);
                if (lines.Key != insertedCase)
                {
                    // A write lock on the case row, the same on both providers (SQLite has one writer anyway).
                    await db.Database.ExecuteSqlAsync($"UPDATE cases SET version = version WHERE id = {lines.Key}", cancellationToken);
                    var last = await db.CaseEvents.AsNoTracking()
                        .Where(e => e.CaseId == lines.Key && e.Chain != null)
                        .OrderByDescending(e => e.Sequence)
                        .Select(e => new { e.Sequence, e.Chain })
                        .FirstOrDefaultAsync(cancellationToken);
                    (sequence, previous) = (last?.Sequence ?? 0, last?.Chain);
                }

                foreach (var line in lines)
                {
                    line.At = Microseconds(line.At);
                    line.Sequence = ++sequence;
                    line.Chain = Mac(line, previous);
                    previous = line.Chain;
                }
            }

            var saved = await db.SaveChangesAsync(cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return saved;
        }
        catch
        {
            // Not saved: the lines are chained again on the next attempt, after whatever won.
            foreach (var line in pending)
            {
                line.Sequence = null;
                line.Chain = null;
            }

            throw;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>Checks every case's record and lists each break (an altered, removed or forged line).</summary>
    public async Task<AuditReport> VerifyAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var breaks = new List<AuditBreak>();
        var (cases, lines, unchained) = (0, 0, 0);
        long after = 0;
        while (true)
        {
            var batch = await db.Cases.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(500)
                .Select(c => new { c.Id, c.Code }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Id;
            var ids = batch.Select(c => c.Id).ToList();
            var events = (await db.CaseEvents.AsNoTracking().Where(e => ids.Contains(e.CaseId)).ToListAsync(cancellationToken))
                .ToLookup(e => e.CaseId);
            foreach (var filed in batch)
            {
                cases++;
                var record = events[filed.Id].OrderBy(e => e.Sequence ?? 0).ThenBy(e => e.Id).ToList();
                lines += record.Count;
                unchained += Check(filed.Code, record, breaks);
            }
        }

        // Lines of cases that no longer exist (the foreign key stops this, unless it was dropped).
        var orphans = await db.CaseEvents.AsNoTracking().Where(e => !db.Cases.Any(c => c.Id == e.CaseId)).OrderBy(e => e.Id).Select(e => e.Id).Take(100).ToListAsync(cancellationToken);
        breaks.AddRange(orphans.Select(id => new AuditBreak("?", id, "line of a case that does not exist")));
        return new AuditReport(cases, lines, unchained, breaks);
    }

    // Returns how many lines were written before the chain existed; adds every break found.
    private int Check(string code, List<CaseEvent> record, List<AuditBreak> breaks)
    {
        var unchained = record.TakeWhile(e => e.Sequence is null && e.Chain is null).Count();
        byte[]? previous = null;
        var expected = 1;
        foreach (var line in record.Skip(unchained))
        {
            if (line.Sequence is not { } sequence || line.Chain is null)
            {
                breaks.Add(new AuditBreak(code, line.Id, "line without its place in the chain"));
                continue;
            }

            if (sequence != expected)
            {
                breaks.Add(new AuditBreak(code, line.Id, sequence < expected
                    ? string.Create(CultureInfo.InvariantCulture, $"line {sequence} appears twice")
                    : string.Create(CultureInfo.InvariantCulture, $"lines {expected} to {sequence - 1} are missing")));
            }

            if (!CryptographicOperations.FixedTimeEquals(Mac(line, previous), line.Chain))
            {
                breaks.Add(new AuditBreak(code, line.Id, string.Create(CultureInfo.InvariantCulture, $"line {sequence} was altered, or written without the key")));
            }

            previous = line.Chain;
            expected = sequence + 1;
        }

        return unchained;
    }

    private byte[] Mac(CaseEvent line, byte[]? previous)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("case-event/v1");
            writer.Write(line.CaseId);
            writer.Write(line.Sequence ?? 0);
            writer.Write(Microseconds(line.At).UtcTicks);
            writer.Write(line.Actor);
            writer.Write(line.Action.ToString());
            Bytes(writer, line.Detail is null ? null : Encoding.UTF8.GetBytes(line.Detail));
            Bytes(writer, line.SealedText);
            Bytes(writer, previous);
        }

        return _sealer.AuditMac(buffer.ToArray());
    }

    private static void Bytes(BinaryWriter writer, byte[]? value)
    {
        writer.Write(value?.Length ?? -1);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static DateTimeOffset Microseconds(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
}
