namespace ChildCare.Core.Messaging.Delivery;

/// <summary>
/// The server's VAPID key pair for Web Push (RFC 8292), made at first start: the public key is given to browsers
/// when they subscribe, the private key signs each push request. The private key is stored sealed with the
/// privacy key, like case details; losing it only means browsers subscribe again.
/// </summary>
public sealed class VapidKeyRecord
{
    public int Id { get; set; }

    /// <summary>The uncompressed P-256 point, base64url (what <c>pushManager.subscribe</c> takes).</summary>
    public required string PublicKey { get; set; }

    public required byte[] SealedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public const string SealContext = "vapid-private-key";
}
