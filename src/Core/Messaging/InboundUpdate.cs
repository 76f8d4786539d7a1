namespace ChildCare.Core.Messaging;

/// <summary>
/// An update received from a channel, stored before it is acknowledged so a crash neither loses nor
/// repeats it. (Channel, UpdateId) is the key: a second copy of the same update is dropped. The payload
/// can hold what a reporter typed, so it is stored sealed and erased as soon as the update has been handled;
/// the row itself is purged after <c>Retention:InboxDays</c>.
/// </summary>
public sealed class InboundUpdate
{
    public required string Channel { get; init; }

    public required long UpdateId { get; init; }

    /// <summary>The chat the update came from, where the channel says: updates of one chat are handled in order.</summary>
    public long? ChatId { get; init; }

    /// <summary>The update as the channel sent it, opened from <see cref="SealedPayload"/> when claimed; never stored in clear.</summary>
    public string? Payload { get; internal set; }

    public byte[]? SealedPayload { get; set; }

    /// <summary>The clear payload of an update stored by a build from before payloads were sealed.</summary>
    public string? LegacyPayload { get; set; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public InboundStatus Status { get; set; }

    public int Attempts { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    public string? LastError { get; set; }

    internal static string SealContext(string channel, long updateId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"inbox:{channel}:{updateId}");
}
