using System.Security.Cryptography;
using System.Text;

namespace ChildCare.Core.Officials;

/// <summary>
/// A way in for an official without a password: a one-time sign-in link the bot sends to their chat, or the
/// browser session that link opened. Only a SHA-256 hash of the token is stored, so the table (or a backup of
/// it) opens nothing.
/// </summary>
public sealed class OfficialSession
{
    public long Id { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the token (<see cref="Hash"/>).</summary>
    public required string TokenHash { get; init; }

    public required long OfficialId { get; init; }

    public required OfficialSessionKind Kind { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops working; ending a session early (sign-out) moves it to that moment.</summary>
    public required DateTimeOffset ExpiresAt { get; set; }

    /// <summary>A link: when it was opened (it works once). A session: null.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>A new random token: 32 bytes, base64url without padding (43 characters).</summary>
    public static string NewToken() => Privacy.RandomToken.New();

    /// <summary>The stored form of a token.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
    }

    /// <summary>Whether a text has the shape of a token, so that junk is refused before any hashing or query.</summary>
    public static bool LooksLikeToken(string? text) => Privacy.RandomToken.LooksLikeToken(text);
}
