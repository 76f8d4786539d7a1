namespace ChildCare.Core.Officials;

/// <summary>
/// One more place an official's alerts and reminders go, beside their chat: a browser or installed app subscribed
/// to Web Push (<see cref="WebPushKind"/>), later a Zalo account. Every message queued for the official's chat is
/// also queued for each endpoint (<see cref="Messaging.DeliveryFanOut"/>), to the endpoint's own sender, whose
/// channel is the endpoint's <see cref="Kind"/> and whose chat number is the endpoint's <see cref="Id"/>.
/// </summary>
public sealed class DeliveryEndpoint
{
    public const string WebPushKind = "webpush";

    public long Id { get; set; }

    public long OfficialId { get; set; }

    /// <summary>The sender's channel name ("webpush"; "zalo" later).</summary>
    public required string Kind { get; set; }

    /// <summary>Web Push: the push service's URL for this subscription (it is the capability to push to it).</summary>
    public required string Address { get; set; }

    /// <summary>Web Push: the browser's P-256 public key and auth secret (base64url), sealed with the privacy key.</summary>
    public byte[]? SealedKeys { get; set; }

    /// <summary>SHA-256 of the secret the endpoint's notifications carry, so their buttons post back as this official.</summary>
    public required string ActionSecretHash { get; set; }

    /// <summary>The secret itself, sealed: it goes into each (end-to-end encrypted) notification.</summary>
    public required byte[] SealedActionSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string SealContext(string address) => "delivery-endpoint:" + address;
}
