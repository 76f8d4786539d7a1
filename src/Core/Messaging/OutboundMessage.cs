namespace ChildCare.Core.Messaging;

/// <summary>
/// What a feature asks to send: a <see cref="ChatReply"/> (<see cref="Body"/>) to one chat, with how urgent it is.
/// <paramref name="DedupKey"/> makes enqueueing idempotent: a second message with the same key is dropped.
/// </summary>
public sealed record OutboundMessage(
    long ChatId,
    ChatReply Body,
    MessagePriority Priority = MessagePriority.Reply,
    string Purpose = MessagePurposes.Reply,
    string? DedupKey = null,
    DateTimeOffset? NotBefore = null,
    bool DisableLinkPreview = true,
    string Channel = OutboxMessage.TelegramChannel)
{
    /// <summary>A message from markup (see <see cref="ChatReply"/>) and its buttons.</summary>
    public OutboundMessage(
        long ChatId,
        string Text,
        MessagePriority Priority = MessagePriority.Reply,
        string Purpose = MessagePurposes.Reply,
        Keyboard? Keyboard = null,
        string? DedupKey = null,
        DateTimeOffset? NotBefore = null,
        bool DisableLinkPreview = true,
        string Channel = OutboxMessage.TelegramChannel)
        : this(ChatId, new ChatReply(Text, Keyboard), Priority, Purpose, DedupKey, NotBefore, DisableLinkPreview, Channel)
    {
    }

    /// <summary>The body as markup (what the outbox stores).</summary>
    public string Text => Body.Html;

    public Keyboard? Keyboard => Body.Keyboard;
}
