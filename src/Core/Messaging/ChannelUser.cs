namespace ChildCare.Core.Messaging;

/// <summary>
/// A person known to a channel by a string id (Zalo's user ids are decimal strings that may not fit a
/// <c>long</c>): <see cref="ChatId"/>, made by the database, is the chat id every channel-neutral table
/// (conversations, officials, outbox) uses for them. Also holds what the channel's rules need: when the person
/// last wrote (messaging windows), a phone number they gave for notification templates (sealed), and the
/// numbered choices last offered to them where the channel has no buttons.
/// </summary>
public sealed class ChannelUser
{
    public long ChatId { get; private set; }

    public required string Channel { get; init; }

    public required string ExternalId { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>When the person last wrote or tapped: the start of the channel's messaging window.</summary>
    public DateTimeOffset? LastInboundAt { get; set; }

    /// <summary>A phone number the person gave, sealed for their chat; null when none.</summary>
    public byte[]? SealedPhone { get; set; }

    /// <summary>The callback data of the numbered choices last offered, as a JSON array (not personal: button data only).</summary>
    public string? PendingChoices { get; set; }

    public static string PhoneSealContext(string channel, long chatId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"channel-phone:{channel}:{chatId}");
}
