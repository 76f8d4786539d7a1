using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;

namespace ChildCare.Bot.WebChat;

/// <summary>
/// What stands between a flood and the case workers' phones. Filing from one client address is capped
/// (<see cref="WebChatSettings.ReportsPerHourPerAddress"/>) and so is filing on this node
/// (<see cref="WebChatSettings.ReportsPerHourTotal"/>); past a cap, "send" files only with a proof of work the browser
/// computes (about 2^bits SHA-256 hashes: seconds for a phone, a real cost for a script filing thousands). The
/// help answers and the emergency numbers are never held back. The counts live in this node's memory.
/// </summary>
internal sealed partial class WebChatGuard(WebChatSettings settings, IDataProtectionProvider protection, TimeProvider time, ILogger<WebChatGuard> logger) : IDisposable
{
    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(10);
    private readonly IDataProtector _protector = protection.CreateProtector("ChildCare.WebChat.Challenge.v1");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _spent = new(StringComparer.Ordinal);

    private readonly PartitionedRateLimiter<string> _filing = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetSlidingWindowLimiter(address, _ => Window(settings.ReportsPerHourPerAddress))),
        PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetSlidingWindowLimiter("all", _ => Window(settings.ReportsPerHourTotal))));

    /// <summary>Whether a report may be filed from <paramref name="address"/> now: a valid unspent proof, or room under both caps.</summary>
    public bool MayFile(string address, string? proof)
    {
        if (proof is not null && Spend(address, proof))
        {
            return true;
        }

        using var lease = _filing.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            LogHeld();
        }

        return lease.IsAcquired;
    }

    /// <summary>A challenge for the browser: find a counter such that SHA-256(challenge ":" counter) starts with <c>bits</c> zero bits.</summary>
    public (string Challenge, int Bits) NewChallenge(string address)
    {
        var payload = string.Create(CultureInfo.InvariantCulture, $"{address}|{(time.GetUtcNow() + ChallengeLifetime).ToUnixTimeSeconds()}|{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}");
        return (Base64Url(_protector.Protect(Encoding.UTF8.GetBytes(payload))), settings.ProofOfWorkBits);
    }

    /// <summary>The counter a browser would find for <paramref name="challenge"/> (tests prove like a browser).</summary>
    public static string Solve(string challenge, int bits)
    {
        for (var counter = 0L; ; counter++)
        {
            var proof = challenge + ":" + counter.ToString(CultureInfo.InvariantCulture);
            if (LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes(proof))) >= bits)
            {
                return proof;
            }
        }
    }

    private bool Spend(string address, string proof)
    {
        var colon = proof.LastIndexOf(':');
        if (colon <= 0 || proof.Length > 2048)
        {
            return false;
        }

        string payload;
        try
        {
            payload = Encoding.UTF8.GetString(_protector.Unprotect(FromBase64Url(proof[..colon])));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }

        var parts = payload.Split('|');
        var now = time.GetUtcNow();
        if (parts.Length != 3 || parts[0] != address || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || DateTimeOffset.FromUnixTimeSeconds(expires) < now
            || LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes(proof))) < settings.ProofOfWorkBits)
        {
            return false;
        }

        if (_spent.Count > 10_000)
        {
            foreach (var old in _spent.Where(s => s.Value < now).Select(s => s.Key).ToList())
            {
                _spent.TryRemove(old, out _);
            }
        }

        // Each challenge files one report.
        return _spent.TryAdd(parts[2], DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    private static int LeadingZeroBits(byte[] hash)
    {
        var bits = 0;
        foreach (var b in hash)
        {
            if (b == 0)
            {
                bits += 8;
                continue;
            }

            return bits + System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
        }

        return bits;
    }

    private static SlidingWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromHours(1),
        SegmentsPerWindow = 12,
        QueueLimit = 0,
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - (padded.Length % 4)) % 4));
    }

    public void Dispose() => _filing.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web chat: a report waits for a proof of work (the filing limit of its address or of this node is reached)")]
    private partial void LogHeld();
}
