namespace ChildCare.Core.Messaging;

/// <summary>
/// A channel's refreshable credentials (Zalo's OA access token and its single-use refresh token), sealed at
/// rest. <see cref="LeaseOwner"/> and <see cref="LeaseUntil"/> make one node at a time the one that refreshes:
/// a refresh token spent twice is refused the second time.
/// </summary>
public sealed class ChannelCredential
{
    public required string Channel { get; init; }

    public required byte[] SealedAccessToken { get; set; }

    public required byte[] SealedRefreshToken { get; set; }

    public required DateTimeOffset AccessExpiresAt { get; set; }

    public required DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Counts refreshes: a node that read version n and finds n+1 knows another node refreshed.</summary>
    public long Version { get; set; }

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public static string SealContext(string channel, string part) => $"credential:{channel}:{part}";
}
