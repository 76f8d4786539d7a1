namespace ChildCare.Core.Messaging;

/// <summary>
/// What a feature asks to send. <paramref name="Text"/> is HTML in Telegram's subset with user text already
/// escaped; <paramref name="Keyboard"/> the buttons under it, if any.
/// <paramref name="DedupKey"/> makes enqueueing idempotent: a second message with the same key is dropped.
/// </summary>
public sealed record OutboundMessage(
    long ChatId,
    string Text,
    MessagePriority Priority = MessagePriority.Reply,
    string Purpose = "reply",
    Keyboard? Keyboard = null,
    string? DedupKey = null,
    DateTimeOffset? NotBefore = null,
    bool DisableLinkPreview = true,
    string Channel = OutboxMessage.TelegramChannel);
