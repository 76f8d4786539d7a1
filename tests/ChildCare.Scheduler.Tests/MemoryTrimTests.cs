using ChildCare.Core.Configuration;
using ChildCare.Scheduler.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Scheduler.Tests;

public sealed class StartupMemoryTrimTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_WaitsTwentySeconds_WhenNothingIsSet()
    {
        var settings = StartupMemoryTrim.Settings.Read(new ConfigurationBuilder().Build());

        Assert.Equal(TimeSpan.FromSeconds(20), settings.Delay);
    }

    [Fact]
    public void Read_NamesTheKey_WhenTheDelayIsNegative()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(StartupMemoryTrim.DelayKey, (string?)"-1")]).Build();

        var error = Assert.Throws<ConfigurationException>(() => StartupMemoryTrim.Settings.Read(configuration));

        Assert.Equal(StartupMemoryTrim.DelayKey, error.Key);
    }

    [Fact]
    public async Task ExecuteAsync_TrimsOnce_WhenTheDelayAfterStartPassed()
    {
        var time = new FakeTimeProvider(Now);
        using var lifetime = new StartedLifetime();
        using var trim = new StartupMemoryTrim(lifetime, time, NullLogger<StartupMemoryTrim>.Instance, new StartupMemoryTrim.Settings(TimeSpan.FromSeconds(20)));

        var run = trim.RunAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(trim.Trimmed.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(trim.Trimmed.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ExecuteAsync_NeverTrims_WhenTurnedOff()
    {
        var time = new FakeTimeProvider(Now);
        using var lifetime = new StartedLifetime();
        using var trim = new StartupMemoryTrim(lifetime, time, NullLogger<StartupMemoryTrim>.Instance, new StartupMemoryTrim.Settings(TimeSpan.Zero));

        var run = trim.RunAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(trim.Trimmed.IsCompleted);
    }

    [Fact]
    public async Task ExecuteAsync_StopsWithoutTrimming_WhenStoppedBeforeTheDelay()
    {
        var time = new FakeTimeProvider(Now);
        using var lifetime = new StartedLifetime();
        using var trim = new StartupMemoryTrim(lifetime, time, NullLogger<StartupMemoryTrim>.Instance, new StartupMemoryTrim.Settings(TimeSpan.FromSeconds(20)));

        using var stopping = new CancellationTokenSource();
        var run = trim.RunAsync(stopping.Token);
        await stopping.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(trim.Trimmed.IsCompleted);
    }

    /// <summary>A host that has already started (its ApplicationStarted token cancelled).</summary>
    private sealed class StartedLifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _started = new();
        private readonly CancellationTokenSource _stopping = new();
        private readonly CancellationTokenSource _stopped = new();

        public StartedLifetime() => _started.Cancel();

        public CancellationToken ApplicationStarted => _started.Token;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => _stopped.Token;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose()
        {
            _started.Dispose();
            _stopping.Dispose();
            _stopped.Dispose();
        }
    }
}
