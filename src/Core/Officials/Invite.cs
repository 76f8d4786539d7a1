using System.Security.Cryptography;
using System.Text;

namespace ChildCare.Core.Officials;

/// <summary>
/// An administrator's invitation to join a unit in a role. Only a hash of the code is stored: the code is
/// shown once, to the administrator who issued it.
/// </summary>
public sealed class Invite
{
    public long Id { get; set; }

    public required string CodeHash { get; set; }

    public long UnitId { get; set; }

    public Units.Unit? Unit { get; set; }

    public OfficialRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int MaxUses { get; set; }

    public int Uses { get; set; }

    public bool IsUsable(DateTimeOffset now) => now < ExpiresAt && Uses < MaxUses;

    // Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A new random code: 10 characters, 50 bits.</summary>
    public static string NewCode()
    {
        Span<char> code = stackalloc char[10];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(code);
    }

    /// <summary>The stored form of a code as a person may type it (any case, spaces or dashes).</summary>
    public static string Hash(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normal = new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)));
    }
}
