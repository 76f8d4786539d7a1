using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildCare.FakeZalo;

/// <summary>
/// A local stand-in for Zalo's OA API v3, OAuth v4 refresh and ZNS on a real Kestrel port. It enforces exactly
/// what docs/zalo.md says we rely on, and no more: access tokens and their expiry (-216), single-use refresh
/// tokens, the customer-service window (-230) and its free part, followers (-213), a request rate (-32), the
/// shapes of the bodies (-201), ZNS phones and templates (-108, -109). It also signs webhook events as Zalo does,
/// so a test can post them to the app.
/// </summary>
public sealed class FakeZaloServer : IAsyncDisposable
{
    public const int InvalidParameters = -201;
    public const int InvalidToken = -216;
    public const int NotFollower = -213;
    public const int OutsideWindow = -230;
    public const int RateLimited = -32;
    public const int PhoneInvalid = -108;
    public const int TemplateInvalid = -109;
    public const int RefreshRefused = -14014;

    private static readonly HashSet<string> ButtonTypes = new(StringComparer.Ordinal) { "oa.query.hide", "oa.query.show", "oa.open.url" };
    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly FakeZaloOptions _options;
    private readonly Dictionary<string, DateTimeOffset?> _followers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _freeUsed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _spentRefreshTokens = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly List<FakeZaloMessage> _messages = [];
    private readonly List<FakeZaloTemplate> _templates = [];
    private readonly List<int> _errors = [];
    private string _accessToken;
    private string _refreshToken;
    private DateTimeOffset _accessExpiresAt;
    private int _refreshes;
    private int _refreshesRefused;
    private int _failNext;
    private long _nextMessage = 1;

    private FakeZaloServer(FakeZaloOptions options, WebApplication app)
    {
        _options = options;
        _app = app;
        _accessToken = NewToken("at");
        _refreshToken = NewToken("rt");
        _accessExpiresAt = options.Time.GetUtcNow() + options.AccessTokenLifetime;
    }

    /// <summary>http://127.0.0.1:{port}/ — use as Zalo:ApiBaseUrl, Zalo:OAuthBaseUrl and Zalo:ZnsBaseUrl.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public FakeZaloOptions Options => _options;

    public static async Task<FakeZaloServer> StartAsync(FakeZaloOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeZaloServer(options ?? new FakeZaloOptions(), app);
        app.MapPost("/v4/oa/access_token", (Delegate)server.RefreshAsync);
        app.MapPost("/v3.0/oa/message/cs", (Delegate)server.CustomerServiceAsync);
        app.MapPost("/message/template", (Delegate)server.TemplateAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The app's settings for this fake: ids, secrets, the current token pair and the base URLs.</summary>
    public Dictionary<string, string?> Settings()
    {
        lock (_lock)
        {
            return new Dictionary<string, string?>
            {
                ["Zalo:Enabled"] = "true",
                ["Zalo:OaId"] = _options.OaId,
                ["Zalo:AppId"] = _options.AppId,
                ["Zalo:SecretKey"] = _options.SecretKey,
                ["Zalo:AppSecret"] = _options.AppSecret,
                ["Zalo:AccessToken"] = _accessToken,
                ["Zalo:RefreshToken"] = _refreshToken,
                ["Zalo:AccessTokenLifetimeSeconds"] = ((int)(_accessExpiresAt - _options.Time.GetUtcNow()).TotalSeconds).ToString(CultureInfo.InvariantCulture),
                ["Zalo:ApiBaseUrl"] = BaseUrl.AbsoluteUri,
                ["Zalo:OAuthBaseUrl"] = BaseUrl.AbsoluteUri,
                ["Zalo:ZnsBaseUrl"] = BaseUrl.AbsoluteUri,
            };
        }
    }

    public string AccessToken
    {
        get
        {
            lock (_lock)
            {
                return _accessToken;
            }
        }
    }

    /// <summary>Successful refreshes so far.</summary>
    public int Refreshes
    {
        get
        {
            lock (_lock)
            {
                return _refreshes;
            }
        }
    }

    /// <summary>Refreshes refused (a spent or unknown refresh token, a wrong secret).</summary>
    public int RefreshesRefused
    {
        get
        {
            lock (_lock)
            {
                return _refreshesRefused;
            }
        }
    }

    /// <summary>Customer-service messages accepted.</summary>
    public IReadOnlyList<FakeZaloMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<FakeZaloTemplate> Templates
    {
        get
        {
            lock (_lock)
            {
                return [.. _templates];
            }
        }
    }

    /// <summary>Every error code the fake answered, in order.</summary>
    public IReadOnlyList<int> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    public IReadOnlyList<FakeZaloMessage> MessagesTo(string userId) => [.. Messages.Where(m => m.UserId == userId)];

    /// <summary>The access token expires now: the next call with it gets -216.</summary>
    public void ExpireAccessToken()
    {
        lock (_lock)
        {
            _accessExpiresAt = _options.Time.GetUtcNow();
        }
    }

    /// <summary>The next <paramref name="count"/> API calls answer HTTP 500.</summary>
    public void FailNext(int count)
    {
        lock (_lock)
        {
            _failNext = count;
        }
    }

    public void Unfollow(string userId)
    {
        lock (_lock)
        {
            _followers.Remove(userId);
        }
    }

    // ---- Events, signed as Zalo signs them ----

    /// <summary>A person follows the OA: the event, and the fake now lets the OA write to them (within the window).</summary>
    public JsonObject FollowEvent(string userId)
    {
        lock (_lock)
        {
            _followers.TryAdd(userId, null);
        }

        return Event("follow", userId, null, follower: true);
    }

    public JsonObject UnfollowEvent(string userId)
    {
        Unfollow(userId);
        return Event("unfollow", userId, null, follower: true);
    }

    /// <summary>A text from a follower (a tap of an oa.query.hide button is one too): opens the window.</summary>
    public JsonObject TextEvent(string userId, string text) => Wrote(userId, Event("user_send_text", userId, new JsonObject { ["msg_id"] = NewToken("m"), ["text"] = text }));

    public JsonObject ImageEvent(string userId, string url, string? caption = null)
    {
        var message = new JsonObject
        {
            ["msg_id"] = NewToken("m"),
            ["attachments"] = new JsonArray(new JsonObject { ["type"] = "image", ["payload"] = new JsonObject { ["url"] = url, ["thumbnail"] = url } }),
        };
        if (caption is not null)
        {
            message["text"] = caption;
        }

        return Wrote(userId, Event("user_send_image", userId, message));
    }

    public JsonObject LocationEvent(string userId, double latitude, double longitude) => Wrote(userId, Event("user_send_location", userId, new JsonObject
    {
        ["msg_id"] = NewToken("m"),
        ["attachments"] = new JsonArray(new JsonObject
        {
            ["type"] = "location",
            ["payload"] = new JsonObject { ["coordinates"] = new JsonObject { ["latitude"] = latitude.ToString(CultureInfo.InvariantCulture), ["longitude"] = longitude.ToString(CultureInfo.InvariantCulture) } },
        }),
    }));

    /// <summary>The signature Zalo would put in X-ZEvent-Signature for <paramref name="body"/>.</summary>
    public string Sign(byte[] body, string timestamp) => Sign(_options.AppId, body, timestamp, _options.SecretKey);

    public static string Sign(string appId, byte[] body, string timestamp, string secretKey)
    {
        var bytes = Encoding.UTF8.GetBytes(appId).Concat(body).Concat(Encoding.UTF8.GetBytes(timestamp)).Concat(Encoding.UTF8.GetBytes(secretKey)).ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Posts <paramref name="zaloEvent"/> to the app, signed (or with <paramref name="signature"/> when given; "" sends none).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(HttpClient app, string path, JsonObject zaloEvent, string? signature = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(zaloEvent);
        var body = Encoding.UTF8.GetBytes(zaloEvent.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        signature ??= Sign(body, zaloEvent["timestamp"]!.GetValue<string>());
        if (signature.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("X-ZEvent-Signature", signature);
        }

        return await app.SendAsync(request);
    }

    private JsonObject Wrote(string userId, JsonObject zaloEvent)
    {
        lock (_lock)
        {
            _followers[userId] = _options.Time.GetUtcNow();
            _freeUsed[userId] = 0;
        }

        return zaloEvent;
    }

    private JsonObject Event(string name, string userId, JsonObject? message, bool follower = false)
    {
        var body = new JsonObject
        {
            ["app_id"] = _options.AppId,
            ["user_id_by_app"] = "9" + userId,
            ["event_name"] = name,
            ["timestamp"] = _options.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["oa_id"] = _options.OaId,
        };
        if (follower)
        {
            body["follower"] = new JsonObject { ["id"] = userId };
        }
        else
        {
            body["sender"] = new JsonObject { ["id"] = userId };
            body["recipient"] = new JsonObject { ["id"] = _options.OaId };
        }

        if (message is not null)
        {
            body["message"] = message;
        }

        return body;
    }

    // ---- The API ----

    private async Task<IResult> RefreshAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        lock (_lock)
        {
            if (TakeFailure())
            {
                return Results.StatusCode(500);
            }

            if (context.Request.Headers["secret_key"].ToString() != _options.AppSecret
                || form["app_id"].ToString() != _options.AppId
                || form["grant_type"].ToString() != "refresh_token")
            {
                _refreshesRefused++;
                return Results.Json(new { error = RefreshRefused, error_name = "Invalid app", error_description = "app_id, secret_key or grant_type is wrong" });
            }

            var given = form["refresh_token"].ToString();
            if (given != _refreshToken || _spentRefreshTokens.Contains(given))
            {
                // docs/zalo.md: single use. A second spend of the same token is refused.
                _refreshesRefused++;
                return Results.Json(new { error = RefreshRefused, error_name = "Invalid refresh token", error_description = "refresh token is invalid or already used" });
            }

            _spentRefreshTokens.Add(given);
            _refreshes++;
            _accessToken = NewToken("at");
            _refreshToken = NewToken("rt");
            _accessExpiresAt = _options.Time.GetUtcNow() + _options.AccessTokenLifetime;
            return Results.Json(new
            {
                access_token = _accessToken,
                refresh_token = _refreshToken,
                expires_in = ((long)_options.AccessTokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            });
        }
    }

    private async Task<IResult> CustomerServiceAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        lock (_lock)
        {
            if (Common(context) is { } refused)
            {
                return refused;
            }

            if (body?["recipient"]?["user_id"] is not JsonValue userValue || !userValue.TryGetValue<string>(out var userId)
                || body["message"] is not JsonObject message
                || message["text"] is not JsonValue textValue || !textValue.TryGetValue<string>(out var text) || text.Length is 0 or > 2000
                || (message["attachment"] is { } attachment && !ValidAttachment(attachment)))
            {
                return Error(InvalidParameters, "Invalid parameters");
            }

            if (!_followers.TryGetValue(userId, out var lastInteraction))
            {
                return Error(NotFollower, "User has not followed the OA");
            }

            var now = _options.Time.GetUtcNow();
            if (lastInteraction is not { } last || now - last > _options.Window)
            {
                return Error(OutsideWindow, "User has not interacted with the OA in the past 7 days");
            }

            var used = _freeUsed.GetValueOrDefault(userId);
            var free = now - last <= _options.FreeWindow && used < _options.FreeMessages;
            _freeUsed[userId] = free ? used + 1 : used;
            var id = (_nextMessage++).ToString("x16", CultureInfo.InvariantCulture);
            _messages.Add(new FakeZaloMessage(id, userId, text, message["attachment"]?["payload"]?["buttons"]?.DeepClone() as JsonArray, free ? "reply" : "sub_quota", now));
            return Results.Json(new { error = 0, message = "Success", data = new { message_id = id, user_id = userId, quota = new { quota_type = free ? "reply" : "sub_quota" } } });
        }
    }

    private async Task<IResult> TemplateAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        lock (_lock)
        {
            if (Common(context) is { } refused)
            {
                return refused;
            }

            if (body?["phone"] is not JsonValue phoneValue || !phoneValue.TryGetValue<string>(out var phone)
                || body["template_id"] is not JsonValue templateValue || !templateValue.TryGetValue<string>(out var template)
                || body["template_data"] is not JsonObject data || data.Any(p => p.Value is not JsonValue v || !v.TryGetValue<string>(out _))
                || body["tracking_id"] is not JsonValue trackingValue || !trackingValue.TryGetValue<string>(out var tracking) || tracking.Length is 0 or > 48)
            {
                return Error(InvalidParameters, "Invalid parameters");
            }

            if (phone.Length is < 11 or > 12 || !phone.StartsWith("84", StringComparison.Ordinal) || !phone.All(char.IsAsciiDigit))
            {
                return Error(PhoneInvalid, "Phone number invalid");
            }

            if (!_options.ZnsTemplates.Contains(template))
            {
                return Error(TemplateInvalid, "Template ID invalid");
            }

            var id = (_nextMessage++).ToString("x16", CultureInfo.InvariantCulture);
            _templates.Add(new FakeZaloTemplate(id, phone, template, data.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal)));
            return Results.Json(new { error = 0, message = "Success", data = new { msg_id = id, sent_time = _options.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) } });
        }
    }

    /// <summary>Outage, token and rate checks every API call shares. Under the lock.</summary>
    private IResult? Common(HttpContext context)
    {
        if (TakeFailure())
        {
            return Results.StatusCode(500);
        }

        var now = _options.Time.GetUtcNow();
        if (context.Request.Headers["access_token"].ToString() != _accessToken || now >= _accessExpiresAt)
        {
            return Error(InvalidToken, "Access token is invalid");
        }

        while (_recent.Count > 0 && _recent.Peek() <= now - _options.RateWindow)
        {
            _recent.Dequeue();
        }

        if (_recent.Count >= _options.PerSecond)
        {
            return Error(RateLimited, "Exceed the limit of request per second");
        }

        _recent.Enqueue(now);
        return null;
    }

    private static bool ValidAttachment(JsonNode attachment) =>
        attachment["type"]?.GetValue<string>() == "template"
        && attachment["payload"]?["buttons"] is JsonArray { Count: >= 1 and <= 5 } buttons
        && buttons.All(b => b is JsonObject button
            && button["title"] is JsonValue title && title.TryGetValue<string>(out var t) && t.Length is >= 1 and <= 100
            && button["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && ButtonTypes.Contains(kind)
            && (kind == "oa.open.url"
                ? button["payload"]?["url"] is JsonValue url && url.TryGetValue<string>(out var u) && Uri.TryCreate(u, UriKind.Absolute, out _)
                : button["payload"] is JsonValue p && p.TryGetValue<string>(out var payload) && payload.Length is >= 1 and <= 1000));

    private bool TakeFailure()
    {
        if (_failNext <= 0)
        {
            return false;
        }

        _failNext--;
        return true;
    }

    private IResult Error(int code, string message)
    {
        _errors.Add(code);
        return Results.Json(new { error = code, message });
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string NewToken(string prefix) => prefix + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

/// <summary>A customer-service message the fake accepted; <see cref="QuotaType"/> says whether it was free.</summary>
public sealed record FakeZaloMessage(string Id, string UserId, string Text, JsonArray? Buttons, string QuotaType, DateTimeOffset At)
{
    public IEnumerable<(string Title, string Payload)> QuickActions =>
        Buttons?.OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "oa.query.hide")
            .Select(b => (b["title"]!.GetValue<string>(), b["payload"]!.GetValue<string>())) ?? [];
}

public sealed record FakeZaloTemplate(string Id, string Phone, string TemplateId, IReadOnlyDictionary<string, string> Data);
