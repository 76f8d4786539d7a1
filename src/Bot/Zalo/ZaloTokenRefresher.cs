namespace ChildCare.Bot.Zalo;

/// <summary>
/// Refreshes the OA access token before it expires even when nothing is being sent, so a quiet week does not
/// leave the channel to start on an expired token. Every node runs it; the lease in <see cref="ZaloTokens"/> makes
/// one of them refresh.
/// </summary>
internal sealed partial class ZaloTokenRefresher(ZaloTokens tokens, TimeProvider time, ILogger<ZaloTokenRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await tokens.RefreshIfDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ZaloApiException or ZaloTransportException or Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
            {
                LogFailed(e.GetType().Name);
            }

            try
            {
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Zalo: refreshing the OA access token failed ({Error}); trying again in a minute")]
    private partial void LogFailed(string error);
}
