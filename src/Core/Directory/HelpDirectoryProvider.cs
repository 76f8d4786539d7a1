using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Directory;

/// <summary>
/// The directory the bot answers from: the shipped one (built once) with the administrators' edits laid over
/// it, kept in memory. It is rebuilt only when the edit counter (<see cref="DirectoryVersion"/>) moved: right
/// after an edit on this node (<see cref="RefreshAsync"/>), and for edits made on other nodes by reading that
/// one number at most every <see cref="CheckEvery"/>, when a conversation asks for the directory.
/// </summary>
public sealed partial class HelpDirectoryProvider(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time, ILogger<HelpDirectoryProvider> logger) : IDisposable
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;

    /// <summary>The directory shipped with Core (Provinces.json, Hotlines.json, Places.json, the resx guides).</summary>
    public static HelpDirectory Shipped { get; } = HelpDirectory.Shipped();

    /// <summary>The directory as of at most <see cref="CheckEvery"/> ago.</summary>
    public async ValueTask<HelpDirectory> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && IsFresh(current))
        {
            return current.Directory;
        }

        // Stale: one caller looks while the others go on with the copy they have; the very first call waits.
        if (current is not null && !await _gate.WaitAsync(0, cancellationToken))
        {
            return current.Directory;
        }

        if (current is null)
        {
            await _gate.WaitAsync(cancellationToken);
        }

        try
        {
            return (await CheckAsync(force: false, cancellationToken)).Directory;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Looks at the stored edits now: after an edit on this node, so its next answer has it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CheckAsync(force: true, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private bool IsFresh(Snapshot snapshot) => time.GetUtcNow() - snapshot.CheckedAt < CheckEvery;

    // Called holding the gate.
    private async Task<Snapshot> CheckAsync(bool force, CancellationToken cancellationToken)
    {
        var current = _current;
        if (!force && current is not null && IsFresh(current))
        {
            return current; // another caller looked while this one waited
        }

        Snapshot next;
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // The counter first: an edit committed between the two reads shows as a newer counter next time.
            var version = await db.Set<DirectoryVersion>().AsNoTracking().Where(v => v.Id == DirectoryVersion.RowId).Select(v => v.Version).SingleAsync(cancellationToken);
            if (current is not null && current.Version == version)
            {
                next = current with { CheckedAt = time.GetUtcNow() };
            }
            else
            {
                var hotlines = await db.Set<HotlineRecord>().AsNoTracking().ToListAsync(cancellationToken);
                var places = await db.Set<PlaceRecord>().AsNoTracking().ToListAsync(cancellationToken);
                var guidance = await db.Set<GuidanceRecord>().AsNoTracking().ToListAsync(cancellationToken);
                next = new Snapshot(DirectoryEntries.Apply(Shipped, hotlines, places, guidance), version, time.GetUtcNow());
                LogLoaded(version, hotlines.Count, places.Count, guidance.Count);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database is briefly unreachable: answer from what there is (at first the shipped directory)
            // rather than fail every conversation, and look again after CheckEvery.
            LogUnavailable(e.GetType().Name);
            next = (current ?? new Snapshot(Shipped, -1, default)) with { CheckedAt = time.GetUtcNow() };
        }

        Volatile.Write(ref _current, next);
        return next;
    }

    private sealed record Snapshot(HelpDirectory Directory, long Version, DateTimeOffset CheckedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory: edit {Version} loaded ({Hotlines} hotline rows, {Places} places, {Texts} guide texts stored)")]
    private partial void LogLoaded(long version, int hotlines, int places, int texts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory: the stored edits could not be read ({Error}); answering from the copy in memory")]
    private partial void LogUnavailable(string error);
}
