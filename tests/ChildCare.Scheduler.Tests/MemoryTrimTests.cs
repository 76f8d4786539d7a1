using ChildCare.Core.Configuration;
using ChildCare.Scheduler.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Scheduler.Tests;

public sealed class MemoryTrimTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Read_WaitsTwentySeconds_ThenLooksEveryFiveMinutes_WhenNothingIsSet()
    {
        var settings = MemoryTrim.Settings.Read(new ConfigurationBuilder().Build());

        Assert.Equal(TimeSpan.FromSeconds(20), settings.Delay);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.IdleInterval);
    }

    [Theory]
    [InlineData(MemoryTrim.DelayKey, "-1")]
    [InlineData(MemoryTrim.IdleIntervalKey, "-1")]
    [InlineData(MemoryTrim.IdleIntervalKey, "five")]
    public void Read_NamesTheKey_WhenAValueIsWrong(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(key, (string?)value)]).Build();

        var error = Assert.Throws<ConfigurationException>(() => MemoryTrim.Settings.Read(configuration));

        Assert.Equal(key, error.Key);
    }

    [Fact]
    public void BeforeListening_RunsAFullCollection_WhenTheTrimAfterStartIsOn()
    {
        using var services = new ServiceCollection().AddLogging().AddSingleton(new MemoryTrim.Settings(TimeSpan.FromSeconds(20), TimeSpan.Zero)).BuildServiceProvider();
        var collections = GC.CollectionCount(GC.MaxGeneration);

        Assert.True(MemoryTrim.BeforeListening(services));
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > collections);
    }

    [Fact]
    public void BeforeListening_DoesNothing_WhenTheTrimAfterStartIsOff()
    {
        using var services = new ServiceCollection().AddLogging().AddSingleton(new MemoryTrim.Settings(TimeSpan.Zero, TimeSpan.FromMinutes(5))).BuildServiceProvider();

        Assert.False(MemoryTrim.BeforeListening(services));
    }

    [Fact]
    public async Task ExecuteAsync_TrimsOnce_WhenTheDelayAfterStartPassed()
    {
        var time = new FakeTimeProvider(Now);
        using var lifetime = new StartedLifetime();
        using var trim = new MemoryTrim(lifetime, time, NullLogger<MemoryTrim>.Instance, new MemoryTrim.Settings(TimeSpan.FromSeconds(20), TimeSpan.Zero));

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
        using var trim = new MemoryTrim(lifetime, time, NullLogger<MemoryTrim>.Instance, new MemoryTrim.Settings(TimeSpan.Zero, TimeSpan.Zero));

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
        using var trim = new MemoryTrim(lifetime, time, NullLogger<MemoryTrim>.Instance, new MemoryTrim.Settings(TimeSpan.FromSeconds(20), TimeSpan.Zero));

        using var stopping = new CancellationTokenSource();
        var run = trim.RunAsync(stopping.Token);
        await stopping.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.False(trim.Trimmed.IsCompleted);
    }

    [Fact]
    public async Task ExecuteAsync_TrimsAgain_OnlyAfterAnIntervalInWhichTheNodeWasIdle()
    {
        var time = new FakeTimeProvider(Now);
        using var lifetime = new StartedLifetime();
        var busy = true;
        long allocated = 0;
        var looks = 0;
        var settings = new MemoryTrim.Settings(TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(5), IdleAllocationPerMinute: 200);
        using var trim = new MemoryTrim(lifetime, time, NullLogger<MemoryTrim>.Instance, settings, () =>
        {
            // Busy: 5,000 bytes more at every look, above the allowance; idle: 10 more.
            Interlocked.Increment(ref looks);
            return Interlocked.Add(ref allocated, Volatile.Read(ref busy) ? 5_000 : 10);
        });
        using var stopping = new CancellationTokenSource();
        var run = trim.RunAsync(stopping.Token);

        await AdvanceUntilAsync(time, () => trim.Trimmed.IsCompleted);
        await AdvanceUntilAsync(time, () => Volatile.Read(ref looks) >= 8);
        Assert.Equal(0, trim.IdleTrims);

        Volatile.Write(ref busy, false);
        await AdvanceUntilAsync(time, () => trim.IdleTrims >= 2);

        await stopping.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(trim.IdleTrims >= 2);
    }

    [Fact]
    public async Task ExecuteAsync_TrimsWhenIdle_EvenWithNoTrimAfterStart()
    {
        var time = new FakeTimeProvider(Now);
        using var lifetime = new StartedLifetime();
        using var trim = new MemoryTrim(lifetime, time, NullLogger<MemoryTrim>.Instance, new MemoryTrim.Settings(TimeSpan.Zero, TimeSpan.FromMinutes(5)), () => 0);
        using var stopping = new CancellationTokenSource();
        var run = trim.RunAsync(stopping.Token);

        await AdvanceUntilAsync(time, () => trim.IdleTrims >= 1);

        await stopping.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(trim.Trimmed.IsCompleted);
    }

    // The trim makes its next timer after the previous step's work, on another thread: the clock moves a minute at a
    // time until the condition holds (at most 10 simulated hours).
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, Func<bool> condition)
    {
        for (var step = 0; step < 600 && !condition(); step++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20);
        }

        Assert.True(condition());
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
