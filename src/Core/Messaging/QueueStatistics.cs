using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Keeps PostgreSQL's statistics of a queue table fresh behind a burst. A claim is planned from them, and autovacuum
/// refreshes them at most once a minute: statistics taken while the queue was empty (a prepared claim keeps the plan
/// made from them) make PostgreSQL look over every waiting row for each claim (3 to 35 ms behind 2,000 waiting
/// updates) instead of walking the claim index to its limit (0.3 ms). A claim that comes back full calls
/// <see cref="Refresh"/>, which analyzes the table in the background, at most once per <see cref="Every"/> on this
/// node; PostgreSQL then plans the claim again. The caller asks only on PostgreSQL. A database account that does not
/// own the table gets a warning from PostgreSQL and nothing else.
/// </summary>
internal sealed partial class QueueStatistics(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time, string table, ILogger logger)
{
    internal static readonly TimeSpan Every = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    /// <summary>Starts an ANALYZE of the table unless one started here within <see cref="Every"/>; returns at once.</summary>
    public void Refresh()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now < _next)
            {
                return;
            }

            _next = now + Every;
        }

        _ = Task.Run(AnalyzeAsync);
    }

    private async Task AnalyzeAsync()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
#pragma warning disable EF1002 // The table is a constant of the caller's, never input.
            await db.Database.ExecuteSqlRawAsync($"ANALYZE {table}", CancellationToken.None);
#pragma warning restore EF1002
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only a faster plan is lost; the next full claim after Every tries again.
            LogFailed(logger, table, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: refreshing the statistics of {Table} failed ({Error}); its claims may be planned from old ones until the next try")]
    private static partial void LogFailed(ILogger logger, string table, string error);
}
