namespace ChildCare.Core.Messaging;

/// <summary>
/// A chat the bot can no longer write to (blocked, deactivated, removed). Kept per channel and chat;
/// deleted again when the person unblocks the bot.
/// </summary>
public sealed class ChatReachability
{
    public required string Channel { get; init; }

    public required long ChatId { get; init; }

    public required DateTimeOffset Since { get; set; }

    public required string Reason { get; set; }
}
