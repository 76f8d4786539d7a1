namespace ChildCare.Core.Messaging;

/// <summary>What a channel made of one send attempt.</summary>
public abstract record SendResult
{
    private SendResult()
    {
    }

    public sealed record Delivered(long? ProviderMessageId) : SendResult;

    /// <summary>The channel asked us to slow down (Telegram 429): try again after the given time.</summary>
    public sealed record Throttled(TimeSpan RetryAfter, string Reason) : SendResult;

    /// <summary>Network error, timeout or 5xx: try again later.</summary>
    public sealed record TransientFailure(string Reason) : SendResult;

    /// <summary>The recipient blocked the bot or no longer exists.</summary>
    public sealed record Unreachable(string Reason) : SendResult;

    /// <summary>The channel refused this message for good (for example malformed HTML).</summary>
    public sealed record Rejected(string Reason) : SendResult;
}
