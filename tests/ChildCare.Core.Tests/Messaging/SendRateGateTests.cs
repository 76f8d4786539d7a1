using ChildCare.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Messaging;

public sealed class SendRateGateTests
{
    [Fact]
    public async Task WaitAsync_KeepsEverySecondUnderTheLimit_WhenSendersPushAsFastAsTheyCan()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var gate = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 10 }, time);

        var stamps = new List<DateTimeOffset>();
        for (var i = 0; i < 60; i++)
        {
            stamps.Add(await PassAsync(gate, time));
        }

        // No window of one second, wherever it starts, holds more than 10 sends...
        Assert.All(stamps, start => Assert.True(stamps.Count(s => s >= start && s < start.AddSeconds(1)) <= 10));
        // ...and the rate stays close to the limit: 60 sends in about 6 seconds, not 7.
        Assert.InRange((stamps[^1] - stamps[0]).TotalSeconds, 5.5, 6.3);
    }

    [Fact]
    public async Task WaitAsync_HoldsEveryoneBack_WhileTheProviderAskedToWait()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var gate = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 30 }, time);
        var first = await PassAsync(gate, time);

        gate.Pause(TimeSpan.FromSeconds(3));
        var next = await PassAsync(gate, time);

        Assert.True(next - first >= TimeSpan.FromSeconds(3), $"sent again after {(next - first).TotalSeconds} s");
    }

    private static async Task<DateTimeOffset> PassAsync(SendRateGate gate, FakeTimeProvider time)
    {
        var pass = gate.WaitAsync(CancellationToken.None).AsTask();
        for (var i = 0; !pass.IsCompleted && i < 100_000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Yield();
        }

        await pass;
        return time.GetUtcNow();
    }
}
