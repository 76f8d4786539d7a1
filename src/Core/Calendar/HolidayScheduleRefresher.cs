using Microsoft.Extensions.Hosting;

namespace ChildCare.Core.Calendar;

/// <summary>Reloads the stored holiday schedules every minute, so an edit on one node reaches the others.</summary>
internal sealed class HolidayScheduleRefresher(StoredHolidayScheduleSource source, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await source.RefreshAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is briefly unreachable: keep the snapshot, try again next minute.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped, or the host was disposed without a stop (it failed to start): nothing to hand over.
        }
    }
}
