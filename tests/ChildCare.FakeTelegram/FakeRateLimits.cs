namespace ChildCare.FakeTelegram;

/// <summary>
/// Message limits the fake enforces with 429 and parameters.retry_after: per bot per second, per private chat
/// per second, per group per minute. Null switches a limit off.
/// </summary>
public sealed record FakeRateLimits(int? GlobalPerSecond, int? PrivateChatPerSecond, int? GroupChatPerMinute)
{
    /// <summary>Telegram's published limits: about 30 messages/s overall, 1/s in a private chat, 20/min in a group.</summary>
    public static FakeRateLimits Telegram { get; } = new(30, 1, 20);

    public static FakeRateLimits None { get; } = new(null, null, null);
}
