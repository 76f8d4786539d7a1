using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Conversations;

/// <summary>
/// Every hour, deletes the unfinished reports nobody touched for <see cref="ConversationSettings.DraftRetentionDays"/>.
/// Idempotent, so every node may run it; a chat that answers at the same moment simply wins.
/// </summary>
internal sealed partial class StaleDraftSweeper(ConversationEngine engine, TimeProvider time, ILogger<StaleDraftSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var dropped = await engine.DropStaleDraftsAsync(stoppingToken);
                if (dropped > 0)
                {
                    LogDropped(dropped);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogFailed(e.GetType().Name);
            }

            await Task.Delay(Every, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversations: {Count} unfinished report(s) left untouched too long were deleted")]
    private partial void LogDropped(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversations: deleting stale unfinished reports failed ({Error}); trying again in an hour")]
    private partial void LogFailed(string error);
}
