using System.Buffers.Text;
using System.Security.Cryptography;

namespace ChildCare.Core.Privacy;

/// <summary>Bearer secrets (sign-in links, sessions, web-chat cookies): 32 random bytes, base64url without padding.</summary>
public static class RandomToken
{
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether a text has the shape of a token, so that junk is refused before any hashing or query.</summary>
    public static bool LooksLikeToken(string? text) =>
        text is { Length: Length } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
