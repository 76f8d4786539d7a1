using ChildCare.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Core.Tests.Messaging;

public sealed class ChatPaceTests
{
    [Fact]
    public void TryTakeTurn_SpacesAPrivateChatEvenly_WhateverThePhaseOfTheFirstSend()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        using var pace = new ChatPace(MessagingSettings.Default, time);
        time.Advance(TimeSpan.FromMilliseconds(990));

        Assert.True(pace.TryTakeTurn(42, out _));
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.False(pace.TryTakeTurn(42, out var turn));
        var wait = turn - time.GetUtcNow();
        Assert.Equal(TimeSpan.FromMilliseconds(1020), wait);
        Assert.True(pace.TryTakeTurn(43, out _));

        time.Advance(wait);
        Assert.True(pace.TryTakeTurn(42, out _));
    }

    [Fact]
    public void TryTakeTurn_LetsAGroupHaveItsMinuteAllowance_ThenSaysHowLongToWait()
    {
        var time = new FakeTimeProvider();
        using var pace = new ChatPace(MessagingSettings.Default with { GroupPerMinute = 3 }, time);

        Assert.True(pace.TryTakeTurn(-100, out _));
        Assert.True(pace.TryTakeTurn(-100, out _));
        Assert.True(pace.TryTakeTurn(-100, out _));
        Assert.False(pace.TryTakeTurn(-100, out var turn));
        Assert.True(turn - time.GetUtcNow() > TimeSpan.Zero);
    }
}
