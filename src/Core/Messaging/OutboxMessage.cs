namespace ChildCare.Core.Messaging;

/// <summary>One message in the durable outbox. Rows are never deleted by sending: they are the delivery record.</summary>
public sealed class OutboxMessage
{
    public const string TelegramChannel = "telegram";

    public long Id { get; private set; }

    public required string Channel { get; init; }

    public required long ChatId { get; init; }

    public required string Text { get; init; }

    /// <summary>The <see cref="Keyboard"/> as JSON.</summary>
    public string? KeyboardJson { get; init; }

    public bool DisableLinkPreview { get; init; }

    public required int Priority { get; init; }

    public required string Purpose { get; init; }

    public string? DedupKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset NotBefore { get; set; }

    public OutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The channel's id for the delivered message (Telegram message_id), for later edits.</summary>
    public long? ProviderMessageId { get; set; }

    /// <summary>Why the last attempt failed: the channel's error description, never the message body.</summary>
    public string? LastError { get; set; }

    public static OutboxMessage From(OutboundMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new OutboxMessage
        {
            Channel = message.Channel,
            ChatId = message.ChatId,
            Text = message.Text,
            KeyboardJson = message.Keyboard?.ToJson(),
            DisableLinkPreview = message.DisableLinkPreview,
            Priority = (int)message.Priority,
            Purpose = message.Purpose,
            DedupKey = message.DedupKey,
            CreatedAt = now,
            NotBefore = message.NotBefore ?? now,
            Status = OutboxStatus.Pending,
        };
    }
}
