using System.Security.Cryptography;
using System.Text;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// The event signature of docs/zalo.md: hex SHA-256 of app id + the raw body + the body's timestamp + the OA
/// secret key, in the <c>X-ZEvent-Signature</c> header, with or without a <c>mac=</c> prefix.
/// </summary>
internal static class ZaloSignature
{
    public const string Header = "X-ZEvent-Signature";

    public static byte[] Compute(string appId, ReadOnlySpan<byte> rawBody, string timestamp, string secretKey)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(appId));
        hash.AppendData(rawBody);
        hash.AppendData(Encoding.UTF8.GetBytes(timestamp));
        hash.AppendData(Encoding.UTF8.GetBytes(secretKey));
        return hash.GetHashAndReset();
    }

    public static string ComputeHex(string appId, ReadOnlySpan<byte> rawBody, string timestamp, string secretKey) =>
        Convert.ToHexStringLower(Compute(appId, rawBody, timestamp, secretKey));

    /// <summary>Whether <paramref name="header"/> is the signature of the body; the comparison takes the same time wherever they differ.</summary>
    public static bool Matches(string? header, string appId, ReadOnlySpan<byte> rawBody, string timestamp, string secretKey)
    {
        if (header is null)
        {
            return false;
        }

        var hex = header.StartsWith("mac=", StringComparison.OrdinalIgnoreCase) ? header[4..] : header;
        if (hex.Length != 64)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Compute(appId, rawBody, timestamp, secretKey));
    }
}
