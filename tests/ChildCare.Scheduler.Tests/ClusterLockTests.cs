using ChildCare.Scheduler.Jobs;
using Hangfire.InMemory;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChildCare.Scheduler.Tests;

public sealed class ClusterLockTests
{
    [Fact]
    public async Task RunAloneAsync_SkipsTheWork_WhenAnotherRunHoldsTheLock()
    {
        using var storage = new InMemoryStorage();
        var runs = 0;
        using var started = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);

        var first = ClusterLock.RunAloneAsync(storage, "reminders", TimeSpan.Zero, async () =>
        {
            runs++;
            started.Release();
            await release.WaitAsync();
        }, NullLogger.Instance);
        await started.WaitAsync(TimeSpan.FromSeconds(10));

        var second = await Task.Run(() => ClusterLock.RunAloneAsync(storage, "reminders", TimeSpan.Zero, () => { runs++; return Task.CompletedTask; }, NullLogger.Instance));
        release.Release();

        Assert.False(second);
        Assert.True(await first);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunAloneAsync_RunsTheWork_WhenThePreviousRunFinished()
    {
        using var storage = new InMemoryStorage();
        var runs = 0;

        Assert.True(await ClusterLock.RunAloneAsync(storage, "reminders", TimeSpan.Zero, () => { runs++; return Task.CompletedTask; }, NullLogger.Instance));
        Assert.True(await ClusterLock.RunAloneAsync(storage, "reminders", TimeSpan.Zero, () => { runs++; return Task.CompletedTask; }, NullLogger.Instance));

        Assert.Equal(2, runs);
    }
}
