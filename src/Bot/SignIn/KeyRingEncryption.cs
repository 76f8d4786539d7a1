using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using ChildCare.Core.Privacy;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace ChildCare.Bot.SignIn;

/// <summary>
/// Encrypts the data-protection key ring at rest (<c>data_protection_keys</c>) with AES-256-GCM under a key
/// derived from the privacy key (HKDF-SHA256), so a copy of the database alone does not hold the keys that
/// protect antiforgery tokens and web chat sessions. Every node derives the same key from the same privacy key.
/// </summary>
internal sealed class KeyRingEncryptor(PrivacySettings privacy) : IXmlEncryptor
{
    public const string ElementName = "childcareEncryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(KeyRingKey.Derive(privacy), tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag);
        }

        var element = new XElement(ElementName,
            new XComment(" The key ring is sealed with a key derived from Privacy:Key. "),
            new XElement("value", Convert.ToBase64String([.. nonce, .. tag, .. cipher])));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>Opens what <see cref="KeyRingEncryptor"/> sealed; made by data protection with the app's services.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var sealedBytes = Convert.FromBase64String((string?)encryptedElement.Element("value") ?? throw new CryptographicException("The sealed key has no value."));
        if (sealedBytes.Length < 28)
        {
            throw new CryptographicException("The sealed key is too short.");
        }

        var plain = new byte[sealedBytes.Length - 28];
        using (var aes = new AesGcm(KeyRingKey.Derive(services.GetRequiredService<PrivacySettings>()), 16))
        {
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), plain);
        }

        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}

internal static class KeyRingKey
{
    public static byte[] Derive(PrivacySettings privacy) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, privacy.Key, 32, salt: [], info: Encoding.ASCII.GetBytes("ChildCare data-protection key ring v1"));
}
