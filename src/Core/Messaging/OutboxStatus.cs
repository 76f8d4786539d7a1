namespace ChildCare.Core.Messaging;

public enum OutboxStatus
{
    /// <summary>Waiting to be sent, from <see cref="OutboxMessage.NotBefore"/> on.</summary>
    Pending = 0,

    /// <summary>Claimed by a dispatcher until its lease ends; a lease that ends means the sender died.</summary>
    Sending = 1,

    Sent = 2,

    /// <summary>Refused for good (malformed message) or not delivered before the give-up time.</summary>
    Failed = 3,

    /// <summary>The recipient blocked the bot or no longer exists; nothing more is sent to that chat.</summary>
    Unreachable = 4,
}
