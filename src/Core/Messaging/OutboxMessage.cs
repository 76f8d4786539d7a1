namespace ChildCare.Core.Messaging;

/// <summary>
/// One message in the durable outbox. The text and buttons are stored sealed (a reporter's review repeats the
/// child's name and address; an official's alert the case) and erased once the message is sent or given up;
/// what stays is the delivery record, purged after <c>Retention:MessageDays</c>.
/// </summary>
public sealed class OutboxMessage
{
    public const string TelegramChannel = "telegram";

    public const string ZaloChannel = "zalo";

    public long Id { get; private set; }

    public required string Channel { get; init; }

    public required long ChatId { get; init; }

    /// <summary>The text to send, opened from <see cref="SealedText"/> when the row is claimed; never stored in clear.</summary>
    public string Text { get; internal set; } = "";

    /// <summary>The <see cref="Keyboard"/> as JSON, opened from <see cref="SealedKeyboard"/> when the row is claimed.</summary>
    public string? KeyboardJson { get; internal set; }

    /// <summary>The message to send, as each channel renders it: <see cref="Text"/> and <see cref="KeyboardJson"/> read back into a <see cref="ChatReply"/>.</summary>
    public ChatReply Body => new(Text, Keyboard.FromJson(KeyboardJson));

    /// <summary><see cref="Text"/> sealed for the recipient's chat; null once the message is sent or given up.</summary>
    public byte[]? SealedText { get; set; }

    public byte[]? SealedKeyboard { get; set; }

    /// <summary>The clear text of a row queued by a build from before texts were sealed; sealed by the purge job.</summary>
    public string? LegacyText { get; set; }

    public string? LegacyKeyboardJson { get; set; }

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

    /// <summary>A new row for <paramref name="message"/>, its text and buttons sealed with <paramref name="sealer"/>.</summary>
    internal static OutboxMessage From(OutboundMessage message, DateTimeOffset now, Privacy.Sealer sealer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(sealer);
        var context = SealContext(message.Channel, message.ChatId);
        return new OutboxMessage
        {
            Channel = message.Channel,
            ChatId = message.ChatId,
            SealedText = sealer.Seal(message.Text, context),
            SealedKeyboard = sealer.SealOrNull(message.Keyboard?.ToJson(), context),
            DisableLinkPreview = message.DisableLinkPreview,
            Priority = (int)message.Priority,
            Purpose = message.Purpose,
            DedupKey = message.DedupKey,
            CreatedAt = now,
            NotBefore = message.NotBefore ?? now,
            Status = OutboxStatus.Pending,
        };
    }

    /// <summary>Opens the stored text and buttons into <see cref="Text"/> and <see cref="KeyboardJson"/> (for sending).</summary>
    internal OutboxMessage Opened(Privacy.Sealer sealer)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        var context = SealContext(Channel, ChatId);
        try
        {
            Text = sealer.OpenOrNull(SealedText, context) ?? LegacyText ?? "";
            KeyboardJson = sealer.OpenOrNull(SealedKeyboard, context) ?? LegacyKeyboardJson;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Sealed under another key (the key was changed while it waited): the channel refuses the empty text
            // and the row ends as failed instead of stopping the dispatcher.
            Text = "";
            KeyboardJson = null;
        }

        return this;
    }

    // Bound to the recipient: a sealed text copied onto another chat's row does not open.
    internal static string SealContext(string channel, long chatId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"outbox:{channel}:{chatId}");
}
