using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChildCare.Bot.Tests.WebPush;

/// <summary>
/// A push service on a loopback port that accepts a request only as a real one would: aes128gcm content
/// (RFC 8188/8291), a VAPID Authorization header (RFC 8292) whose ES256 JWT verifies with its own k, names this
/// service as its audience and has not expired, and a TTL. It also plays the browser: it holds the subscription's
/// private key and auth secret and decrypts what it received.
/// </summary>
internal sealed partial class FakePushService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ECDiffieHellman _browser = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _auth = RandomNumberGenerator.GetBytes(16);

    private FakePushService(WebApplication app) => _app = app;

    /// <summary>Each accepted push: the VAPID key (k) it was signed with and the decrypted payload.</summary>
    public ConcurrentQueue<(string VapidKey, string Urgency, JsonElement Payload)> Received { get; } = new();

    /// <summary>Why a request was refused, for a test to find none.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public int StatusToAnswer { get; set; } = StatusCodes.Status201Created;

    public Uri Endpoint { get; private set; } = null!;

    public string P256dh => Base64Url.EncodeToString(PublicPoint(_browser));

    public string Auth => Base64Url.EncodeToString(_auth);

    public static async Task<FakePushService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakePushService(app);
        app.MapPost("/push/{id}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            var refusal = fake.Check(http.Request, body.ToArray(), out var key, out var payload);
            if (refusal is not null)
            {
                fake.Refused.Enqueue(refusal);
                return Results.BadRequest(refusal);
            }

            if (fake.StatusToAnswer != StatusCodes.Status201Created)
            {
                return Results.StatusCode(fake.StatusToAnswer);
            }

            fake.Received.Enqueue((key!, http.Request.Headers["Urgency"].ToString(), payload));
            return Results.Created();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Endpoint = new Uri(address.TrimEnd('/') + "/push/" + Guid.NewGuid().ToString("N"));
        return fake;
    }

    private string? Check(HttpRequest request, byte[] body, out string? vapidKey, out JsonElement payload)
    {
        vapidKey = null;
        payload = default;
        if (request.Headers.ContentEncoding.ToString() != "aes128gcm")
        {
            return "Content-Encoding is not aes128gcm";
        }

        if (!int.TryParse(request.Headers["TTL"], out _))
        {
            return "no TTL";
        }

        var authorization = VapidHeader().Match(request.Headers.Authorization.ToString());
        if (!authorization.Success)
        {
            return "Authorization is not 'vapid t=..., k=...'";
        }

        vapidKey = authorization.Groups["k"].Value;
        var jwt = authorization.Groups["t"].Value.Split('.');
        using var verifier = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(vapidKey)[1..33], Y = Base64Url.DecodeFromChars(vapidKey)[33..] },
        });
        if (jwt.Length != 3 || !verifier.VerifyData(Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256))
        {
            return "the VAPID JWT does not verify with k";
        }

        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0])).RootElement;
        var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1])).RootElement;
        if (header.GetProperty("alg").GetString() != "ES256")
        {
            return "the VAPID JWT is not ES256";
        }

        // The audience is the push service's origin. Lib.Net.Http.WebPush 3.3.1 writes it without the port, which
        // is the origin itself for real push services (https on 443); this fake listens on another port.
        var audience = claims.GetProperty("aud").GetString();
        if (audience != Endpoint.GetLeftPart(UriPartial.Authority) && audience != Endpoint.Scheme + "://" + Endpoint.Host)
        {
            return $"the VAPID audience {claims.GetProperty("aud").GetString()} is not this push service {Endpoint.GetLeftPart(UriPartial.Authority)}";
        }

        if (DateTimeOffset.FromUnixTimeSeconds(claims.GetProperty("exp").GetInt64()) < TimeProvider.System.GetUtcNow()
            || !claims.TryGetProperty("sub", out var subject) || subject.GetString() is not { Length: > 0 })
        {
            return "the VAPID JWT has expired or names no subject";
        }

        try
        {
            payload = JsonDocument.Parse(Decrypt(body)).RootElement.Clone();
            return null;
        }
        catch (CryptographicException e)
        {
            return "the body does not decrypt: " + e.Message;
        }
    }

    // RFC 8291 section 3 and RFC 8188: one record, keyed from ECDH with the server's one-time key and the auth secret.
    private byte[] Decrypt(byte[] body)
    {
        var salt = body[..16];
        var keyLength = body[20];
        var serverPoint = body[21..(21 + keyLength)];
        var cipher = body[(21 + keyLength)..];
        using var server = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = serverPoint[1..33], Y = serverPoint[33..] },
        });
        var shared = _browser.DeriveRawSecretAgreement(server.PublicKey);
        var info = Encoding.ASCII.GetBytes("WebPush: info\0").Concat(PublicPoint(_browser)).Concat(serverPoint).ToArray();
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, _auth, info);
        var cek = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 16, salt, Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0"));
        var nonce = HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 12, salt, Encoding.ASCII.GetBytes("Content-Encoding: nonce\0"));
        var plain = new byte[cipher.Length - 16];
        using var aes = new AesGcm(cek, 16);
        aes.Decrypt(nonce, cipher[..^16], cipher[^16..], plain);
        var end = Array.FindLastIndex(plain, b => b != 0);
        if (end < 0 || plain[end] != 2)
        {
            throw new CryptographicException("no last-record delimiter");
        }

        return plain[..end];
    }

    private static byte[] PublicPoint(ECDiffieHellman key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("^vapid t=(?<t>[A-Za-z0-9_.-]+), ?k=(?<k>[A-Za-z0-9_-]+)$")]
    private static partial Regex VapidHeader();
}
