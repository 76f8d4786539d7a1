using System.Security.Cryptography;
using System.Text;

namespace ChildCare.Core.Privacy;

/// <summary>
/// Seals sensitive text with AES-256-GCM under a key derived from <see cref="PrivacySettings"/>. The
/// <c>context</c> (a case's submission id, a conversation's chat) is authenticated too, so a sealed value
/// copied onto another row does not open. Layout: version byte, 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class Sealer
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _sealKey;
    private readonly byte[] _pseudonymKey;
    private readonly byte[] _tagKey;
    private readonly byte[] _auditKey;
    private readonly byte[] _checkKey;

    public Sealer(PrivacySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _sealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.Key, 32, info: "childcare/seal/v1"u8.ToArray());
        _pseudonymKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.Key, 32, info: "childcare/reporter/v1"u8.ToArray());
        _tagKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.Key, 32, info: "childcare/tag/v1"u8.ToArray());
        _auditKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.Key, 32, info: "childcare/audit/v1"u8.ToArray());
        _checkKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, settings.Key, 32, info: "childcare/key-check/v1"u8.ToArray());
    }

    public byte[] Seal(string plaintext, string context)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[1 + NonceBytes + TagBytes + clear.Length];
        sealedValue[0] = Version;
        var nonce = sealedValue.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_sealKey, TagBytes);
        aes.Encrypt(nonce, clear, sealedValue.AsSpan(1 + NonceBytes + TagBytes), sealedValue.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(context));
        return sealedValue;
    }

    /// <exception cref="CryptographicException">The value was sealed with another key or for another context, or was altered.</exception>
    public string Open(byte[] sealedValue, string context)
    {
        ArgumentNullException.ThrowIfNull(sealedValue);
        if (sealedValue.Length < 1 + NonceBytes + TagBytes || sealedValue[0] != Version)
        {
            throw new CryptographicException("Not a sealed value of a version this build reads.");
        }

        var clear = new byte[sealedValue.Length - 1 - NonceBytes - TagBytes];
        using var aes = new AesGcm(_sealKey, TagBytes);
        aes.Decrypt(sealedValue.AsSpan(1, NonceBytes), sealedValue.AsSpan(1 + NonceBytes + TagBytes), sealedValue.AsSpan(1 + NonceBytes, TagBytes), clear, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(clear);
    }

    /// <summary>
    /// A stable pseudonym for a chat: it links a reporter's reports to each other (for /status and the hourly
    /// limit) without storing who they are. Without the key it cannot be reversed or recomputed.
    /// </summary>
    public string Pseudonym(string channel, long chatId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_pseudonymKey, Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{channel}:{chatId}"))));

    /// <summary>Seals a text that may be absent.</summary>
    public byte[]? SealOrNull(string? plaintext, string context) => plaintext is null ? null : Seal(plaintext, context);

    /// <summary>Opens a value that may be absent.</summary>
    /// <exception cref="CryptographicException">The value was sealed with another key or for another context, or was altered.</exception>
    public string? OpenOrNull(byte[]? sealedValue, string context) => sealedValue is null ? null : Open(sealedValue, context);

    /// <summary>
    /// A keyed tag (24 hex characters) standing for a value that must stay comparable but say nothing: a dedup key
    /// that would otherwise put a case id beside a reporter's chat.
    /// </summary>
    public string Tag(string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_tagKey, Encoding.UTF8.GetBytes(value)).AsSpan(0, 12));

    /// <summary>
    /// Stands for the key without telling anything about it (64 hex characters): a keyed hash of a fixed text, under a
    /// key of its own derived from the privacy key. Equal for equal keys; see <see cref="PrivacyKeyGuard"/>.
    /// </summary>
    public string KeyCheck() => Convert.ToHexStringLower(HMACSHA256.HashData(_checkKey, "ChildCare privacy key check"u8));

    /// <summary>The HMAC that chains one line of a case's record to the previous one (see <c>CaseAudit</c>).</summary>
    public byte[] AuditMac(ReadOnlySpan<byte> canonical) => HMACSHA256.HashData(_auditKey, canonical);
}
