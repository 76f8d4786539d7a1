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

        // Off the test framework's synchronisation context: the gate's continuation then runs inside time.Advance, before
        // the clock moves again, instead of queued behind it (on a loaded machine the clock once ran 95 s ahead of it).
        var stamps = await Task.Run(async () =>
        {
            var passed = new List<DateTimeOffset>();
            for (var i = 0; i < 60; i++)
            {
                passed.Add(await PassAsync(gate, time));
            }

            return passed;
        });

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

    [Fact]
    public async Task EnterAsync_NeverLetsMoreThanTheLimitArriveInAnySecond_WhenRoundTripsVaryOverALongRun()
    {
        // 3,000 sends at L = 30 (100 simulated seconds), each arriving 40-70 ms after it passed and answered 0-10 ms
        // after that: the provider's clock, not the gate's, is the one that must never see L + 1 in a second.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var gate = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 30 }, time);
        var random = new Random(21);
        var answers = new PriorityQueue<long, DateTimeOffset>();
        var arrivals = new List<DateTimeOffset>();
        var passes = new List<DateTimeOffset>();
        for (var i = 0; i < 3_000; i++)
        {
            var pass = gate.EnterAsync(CancellationToken.None);
            for (var step = 0; !pass.IsCompleted && step < 10_000; step++)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
                while (answers.TryPeek(out var ticket, out var at) && at <= time.GetUtcNow())
                {
                    gate.Answered(answers.Dequeue());
                }

                await Task.Yield();
            }

            var passed = await pass;
            var arrival = time.GetUtcNow().AddMilliseconds(40 + random.Next(31));
            passes.Add(time.GetUtcNow());
            arrivals.Add(arrival);
            answers.Enqueue(passed, arrival.AddMilliseconds(random.Next(11)));
        }

        arrivals.Sort();
        var tightest = Enumerable.Range(0, arrivals.Count - 30).Min(k => arrivals[k + 30] - arrivals[k]);
        Assert.True(tightest >= TimeSpan.FromSeconds(1), $"31 arrivals within {tightest.TotalMilliseconds} ms");
        // And close to the limit: a fixed window wide enough for this 40 ms spread of arrival times would give 30/1.04 s.
        var rate = (passes.Count - 1) / (passes[^1] - passes[0]).TotalSeconds;
        Assert.True(rate >= 0.97 * 30, $"{rate:F2} per second");
    }

    [Fact]
    public async Task EnterAsync_LetsACaseAlertPassRemindersAlreadyWaiting_WhenTheGateIsBusy()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var gate = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 10 }, time);
        await gate.EnterAsync(CancellationToken.None); // takes the current slot: the next ones have to wait

        var reminders = new[] { EnterAs(gate, MessagePriority.Reminder), EnterAs(gate, MessagePriority.Reminder) };
        var alert = EnterAs(gate, MessagePriority.Urgent);
        for (var step = 0; step < 2_000 && !(alert.IsCompleted && reminders.All(r => r.IsCompleted)); step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(1);
        }

        // Tickets count the passes in order: the alert went first.
        Assert.True(await alert < await reminders[0], "a reminder queued before the alert passed first");
        Assert.True(await reminders[0] < await reminders[1], "reminders did not keep their order");
    }

    [Fact]
    public async Task Share_PassesTheNodesShareOfTheLimit_WhenItSendsSomeOfTheParts()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var gate = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 30 }, time);

        // 2 of 4 parts: 15 a second.
        gate.Share(2, 4);
        var half = await Task.Run(() => PassManyAsync(gate, time, 45));
        Assert.Equal(15, gate.Limit);
        Assert.All(half, start => Assert.True(half.Count(s => s >= start && s < start.AddSeconds(1)) <= 15));
        Assert.InRange((half[^1] - half[0]).TotalSeconds, 2.8, 3.2);

        // All 4 again: L.
        gate.Share(4, 4);
        var full = await Task.Run(() => PassManyAsync(gate, time, 90));
        Assert.Equal(30, gate.Limit);
        Assert.All(full, start => Assert.True(full.Count(s => s >= start && s < start.AddSeconds(1)) <= 30));
        Assert.InRange((full[^1] - full[0]).TotalSeconds, 2.8, 3.2);

        // Down to 1 of 4 while busy: from then on no second holds more than 7 (rounded down from 7.5), the sends
        // before included, as the next ones wait a full second after those.
        var changed = time.GetUtcNow();
        gate.Share(1, 4);
        var quarter = await Task.Run(() => PassManyAsync(gate, time, 21));
        Assert.Equal(7, gate.Limit);
        var around = full.Where(s => s > changed.AddSeconds(-1)).Concat(quarter).ToList();
        Assert.All(around.Where(s => s >= changed.AddMilliseconds(-1)), start => Assert.True(around.Count(s => s >= start && s < start.AddSeconds(1)) <= 7));

        // None held: one part's share, for what is sent past the outbox (a sign-in link).
        gate.Share(0, 4);
        Assert.Equal(7, gate.Limit);
    }

    [Fact]
    public async Task Share_ChangesNothing_WhenTheNodeHoldsEveryPart()
    {
        var start = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        var (timeA, timeB) = (new FakeTimeProvider(start), new FakeTimeProvider(start));
        var alone = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 30 }, timeA);
        var shared = new SendRateGate(MessagingSettings.Default with { GlobalPerSecond = 30 }, timeB);

        shared.Share(4, 4);
        var a = await Task.Run(() => PassManyAsync(alone, timeA, 70));
        var b = await Task.Run(() => PassManyAsync(shared, timeB, 70));

        Assert.Equal(30, shared.Limit);
        Assert.Equal(a, b);
    }

    private static async Task<List<DateTimeOffset>> PassManyAsync(SendRateGate gate, FakeTimeProvider time, int count)
    {
        var passed = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            passed.Add(await PassAsync(gate, time));
        }

        return passed;
    }

    // Not async: the priority is set in this flow, as the dispatcher sets it in the flow of each send.
    private static Task<long> EnterAs(SendRateGate gate, MessagePriority priority)
    {
        SendRateGate.SetPriority(priority);
        return gate.EnterAsync(CancellationToken.None).AsTask();
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
