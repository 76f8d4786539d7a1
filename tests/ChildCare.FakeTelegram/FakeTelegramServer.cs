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

namespace ChildCare.FakeTelegram;

/// <summary>
/// A local stand-in for the Telegram Bot API on a real Kestrel port. It validates every call against
/// bot-api-10.1.json and rejects what the real API would reject, answers the methods plausibly, records
/// the calls, serves getUpdates (or a webhook) from a queue the test fills, and can misbehave on demand:
/// rate limits, latency, 5xx outages, hangs and users who blocked the bot.
/// </summary>
public sealed class FakeTelegramServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly BotApiSpec _spec;
    private readonly FakeTelegramOptions _options;
    private readonly FakeRateLimiter _rateLimiter;
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim _delivering = new(1, 1);
    private readonly List<FakeTelegramCall> _requests = [];
    private readonly List<(long Id, JsonObject Update)> _pending = [];
    private readonly HashSet<long> _blocked = [];
    private readonly Dictionary<string, (string Path, byte[] Content)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Tapped, bool Answered)> _callbackQueries = new(StringComparer.Ordinal);
    private TaskCompletionSource _updateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextUpdateId = 1;
    private long _nextMessageId = 1;
    private int _failNext;
    private int _failStatus = 500;
    private DateTimeOffset _outageUntil;
    private int _hangNext;
    private int _tooManyRequests;
    private string? _webhookUrl;
    private string? _webhookSecret;
    private int? _webhookMaxConnections;
    private JsonNode? _webhookAllowedUpdates;
    private string? _lastWebhookError;
    private long? _lastWebhookErrorDate;

    private FakeTelegramServer(FakeTelegramOptions options, BotApiSpec spec, WebApplication app)
    {
        _options = options;
        _spec = spec;
        _app = app;
        _rateLimiter = new FakeRateLimiter(options.RateLimits);
        Latency = options.Latency;
    }

    /// <summary>http://127.0.0.1:{port}/ — use as Telegram:ApiBaseUrl.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string Token => _options.Token;

    public long BotId => long.Parse(Token.AsSpan(0, Token.IndexOf(':', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Delay before each answer; can be changed while the server runs.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How many 429 Too Many Requests answers the fake has sent.</summary>
    public int TooManyRequestsSent
    {
        get
        {
            lock (_lock)
            {
                return _tooManyRequests;
            }
        }
    }

    /// <summary>Every call with a valid token and method, whatever the answer.</summary>
    public IReadOnlyList<FakeTelegramCall> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The calls the fake accepted (answered ok).</summary>
    public IReadOnlyList<FakeTelegramCall> Calls => [.. Requests.Where(r => r.Succeeded)];

    public string? WebhookUrl
    {
        get
        {
            lock (_lock)
            {
                return _webhookUrl;
            }
        }
    }

    public string? LastWebhookError
    {
        get
        {
            lock (_lock)
            {
                return _lastWebhookError;
            }
        }
    }

    public static async Task<FakeTelegramServer> StartAsync(FakeTelegramOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeTelegramOptions();
        var spec = BotApiSpec.Load(options.SpecPath ?? BotApiSpec.FindDefaultPath());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeTelegramServer(options, spec, app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public IReadOnlyList<FakeTelegramCall> CallsTo(string method) =>
        [.. Calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Accepted calls addressed to <paramref name="chatId"/>.</summary>
    public int CountForChat(long chatId) => Calls.Count(c => c.ChatId == chatId);

    /// <summary>Queues an update (JSON text, a JsonNode, or an object serialised in snake_case); returns its update_id.</summary>
    public long EnqueueUpdate(object update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var node = update switch
        {
            string json => JsonNode.Parse(json),
            JsonNode json => json.DeepClone(),
            _ => JsonSerializer.SerializeToNode(update, update.GetType(), SnakeCase),
        };
        if (node is not JsonObject body)
        {
            throw new ArgumentException("An update is a JSON object.", nameof(update));
        }

        long id;
        TaskCompletionSource arrived;
        bool webhook;
        lock (_lock)
        {
            if (body["update_id"] is JsonValue given && given.TryGetValue<long>(out var explicitId))
            {
                id = explicitId;
                _nextUpdateId = Math.Max(_nextUpdateId, id + 1);
            }
            else
            {
                id = _nextUpdateId++;
                body["update_id"] = id;
            }

            _pending.Add((id, body));
            if (_options.CallbackQueryLifetime is not null && body["callback_query"]?["id"] is JsonValue query && query.TryGetValue<string>(out var queryId))
            {
                _callbackQueries[queryId] = (_options.TimeProvider.GetUtcNow(), false);
            }
            arrived = _updateArrived;
            _updateArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            webhook = _webhookUrl is not null;
        }

        arrived.TrySetResult();
        if (webhook)
        {
            _ = DeliverWebhookUpdatesAsync(_stopping.Token);
        }

        return id;
    }

    /// <summary>Queues a text message from a private user whose chat id is <paramref name="chatId"/>.</summary>
    public long EnqueueMessage(long chatId, string text) => EnqueueUpdate(new JsonObject
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Test" },
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Test", ["language_code"] = "vi" },
            ["text"] = text,
        },
    });

    /// <summary>Makes <paramref name="fileId"/> known to getFile and downloadable (at <paramref name="path"/>, a photo's by default).</summary>
    public void AddFile(string fileId, byte[] content, string? path = null)
    {
        lock (_lock)
        {
            _files[fileId] = (path ?? $"photos/file_{_files.Count}.jpg", content);
        }
    }

    /// <summary>Calls to this chat get 403 "Forbidden: bot was blocked by the user".</summary>
    public void BlockChat(long chatId)
    {
        lock (_lock)
        {
            _blocked.Add(chatId);
        }
    }

    public void UnblockChat(long chatId)
    {
        lock (_lock)
        {
            _blocked.Remove(chatId);
        }
    }

    /// <summary>The next <paramref name="count"/> calls get <paramref name="statusCode"/> (a 5xx).</summary>
    public void FailNextCalls(int count, int statusCode = 500)
    {
        lock (_lock)
        {
            (_failNext, _failStatus) = (count, statusCode);
        }
    }

    /// <summary>Every call gets <paramref name="statusCode"/> for <paramref name="duration"/> from now.</summary>
    public void FailFor(TimeSpan duration, int statusCode = 502)
    {
        lock (_lock)
        {
            (_outageUntil, _failStatus) = (_options.TimeProvider.GetUtcNow() + duration, statusCode);
        }
    }

    /// <summary>The next <paramref name="count"/> calls never answer (until the client gives up).</summary>
    public void HangNextCalls(int count)
    {
        lock (_lock)
        {
            _hangNext = count;
        }
    }

    /// <summary>The commands set by setMyCommands for a scope type and language ("" for none).</summary>
    public JsonNode? CommandsFor(string languageCode = "", string scopeType = "default")
    {
        lock (_lock)
        {
            return _commands.TryGetValue($"{scopeType}/{languageCode}", out var commands) ? commands?.DeepClone() : null;
        }
    }

    /// <summary>POSTs queued updates to the webhook, in order, with the secret header; failures stay queued.</summary>
    public async Task DeliverWebhookUpdatesAsync(CancellationToken cancellationToken = default)
    {
        await _delivering.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                (long Id, JsonObject Update) next;
                string url;
                string? secret;
                lock (_lock)
                {
                    if (_webhookUrl is null || _pending.Count == 0)
                    {
                        return;
                    }

                    (next, url, secret) = (_pending[0], _webhookUrl, _webhookSecret);
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(next.Update.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                if (secret is not null)
                {
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                }

                string? error;
                try
                {
                    using var response = await _webhookClient.SendAsync(request, cancellationToken);
                    error = response.IsSuccessStatusCode ? null : $"Wrong response from the webhook: {(int)response.StatusCode} {response.ReasonPhrase}";
                }
                catch (HttpRequestException exception)
                {
                    error = $"Connection failed: {exception.HttpRequestError}";
                }

                lock (_lock)
                {
                    if (error is not null)
                    {
                        (_lastWebhookError, _lastWebhookErrorDate) = (error, _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds());
                        return;
                    }

                    _pending.RemoveAll(p => p.Id == next.Id);
                }
            }
        }
        finally
        {
            _delivering.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _webhookClient.Dispose();
        // _delivering is not disposed: a webhook delivery still winding down may release it.
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var isFile = path.StartsWith("/file/bot", StringComparison.Ordinal);
        var rest = isFile ? path["/file/bot".Length..] : path.StartsWith("/bot", StringComparison.Ordinal) ? path["/bot".Length..] : null;
        var slash = rest?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (rest is null || slash < 0)
        {
            await WriteErrorAsync(context, 404, "Not Found");
            return;
        }

        if (!string.Equals(rest[..slash], _options.Token, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 401, "Unauthorized");
            return;
        }

        if (isFile)
        {
            await ServeFileAsync(context, rest[(slash + 1)..]);
            return;
        }

        if (!_spec.TryGetMethod(rest[(slash + 1)..], out var method))
        {
            await WriteErrorAsync(context, 404, "Not Found: method not found");
            return;
        }

        JsonElement parameters;
        try
        {
            parameters = await ReadParametersAsync(context, method);
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, 400, "Bad Request: can't parse JSON object");
            return;
        }

        var (status, body) = await AnswerAsync(context, method, parameters);
        lock (_lock)
        {
            _requests.Add(new FakeTelegramCall(method.Name, parameters, _options.TimeProvider.GetUtcNow(), status, ChatId(parameters)));
        }

        if (status != 0)
        {
            await WriteAsync(context, status, body);
        }
    }

    private async Task<(int Status, JsonObject Body)> AnswerAsync(HttpContext context, SpecMethod method, JsonElement parameters)
    {
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        bool hang;
        int? failure = null;
        lock (_lock)
        {
            hang = _hangNext > 0;
            if (hang)
            {
                _hangNext--;
            }
            else if (_failNext > 0 || _options.TimeProvider.GetUtcNow() < _outageUntil)
            {
                _failNext = Math.Max(0, _failNext - 1);
                failure = _failStatus;
            }
        }

        if (hang)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
            }

            return (0, []);
        }

        if (failure is { } code)
        {
            return Error(code, code == 502 ? "Bad Gateway" : "Internal Server Error");
        }

        var problem = _spec.Validate(method, parameters) ?? Semantics(method.Name, parameters);
        if (problem is not null)
        {
            return Error(400, problem);
        }

        var chatId = ChatId(parameters);
        lock (_lock)
        {
            if (chatId is { } id && _blocked.Contains(id))
            {
                return Error(403, "Forbidden: bot was blocked by the user");
            }

            if (IsMessageMethod(method.Name) && _rateLimiter.TryAcquire(chatId, _options.TimeProvider.GetUtcNow()) is { } retryAfter)
            {
                _tooManyRequests++;
                return (429, new JsonObject
                {
                    ["ok"] = false,
                    ["error_code"] = 429,
                    ["description"] = $"Too Many Requests: retry after {retryAfter}",
                    ["parameters"] = new JsonObject { ["retry_after"] = retryAfter },
                });
            }
        }

        return method.Name switch
        {
            "getUpdates" => await GetUpdatesAsync(parameters, context.RequestAborted),
            _ => Answer(method, parameters),
        };
    }

    private (int, JsonObject) Answer(SpecMethod method, JsonElement parameters)
    {
        switch (method.Name)
        {
            case "getMe":
                return Ok(BotUser());
            case "answerCallbackQuery":
                lock (_lock)
                {
                    if (Text(parameters, "callback_query_id") is { } queryId && _callbackQueries.TryGetValue(queryId, out var query))
                    {
                        if (query.Answered || _options.TimeProvider.GetUtcNow() - query.Tapped > _options.CallbackQueryLifetime)
                        {
                            return Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
                        }

                        _callbackQueries[queryId] = (query.Tapped, true);
                    }
                }

                return Ok(true);
            case "setWebhook":
                lock (_lock)
                {
                    _webhookUrl = Text(parameters, "url") is { Length: > 0 } url ? url : null;
                    _webhookSecret = Text(parameters, "secret_token");
                    _webhookMaxConnections = parameters.TryGetProperty("max_connections", out var max) ? max.GetInt32() : 40;
                    _webhookAllowedUpdates = parameters.TryGetProperty("allowed_updates", out var allowed) ? JsonNode.Parse(allowed.GetRawText()) : null;
                    DropIfAsked(parameters);
                }

                if (WebhookUrl is not null)
                {
                    _ = DeliverWebhookUpdatesAsync(_stopping.Token);
                }

                return Ok(true, "Webhook was set");
            case "deleteWebhook":
                lock (_lock)
                {
                    (_webhookUrl, _webhookSecret) = (null, null);
                    DropIfAsked(parameters);
                }

                return Ok(true, "Webhook was deleted");
            case "getWebhookInfo":
                lock (_lock)
                {
                    var info = new JsonObject
                    {
                        ["url"] = _webhookUrl ?? "",
                        ["has_custom_certificate"] = false,
                        ["pending_update_count"] = _pending.Count,
                    };
                    if (_webhookUrl is not null)
                    {
                        info["max_connections"] = _webhookMaxConnections;
                        info["allowed_updates"] = _webhookAllowedUpdates?.DeepClone();
                        info["last_error_date"] = _lastWebhookErrorDate;
                        info["last_error_message"] = _lastWebhookError;
                    }

                    return Ok(info);
                }

            case "getFile":
                lock (_lock)
                {
                    var fileId = Text(parameters, "file_id")!;
                    return _files.TryGetValue(fileId, out var file)
                        ? Ok(new JsonObject
                        {
                            ["file_id"] = fileId,
                            ["file_unique_id"] = "u" + fileId,
                            ["file_size"] = file.Content.Length,
                            ["file_path"] = file.Path,
                        })
                        : Error(400, "Bad Request: invalid file_id");
                }

            case "setMyCommands":
                lock (_lock)
                {
                    var scope = parameters.TryGetProperty("scope", out var s) ? s.GetProperty("type").GetString() : "default";
                    _commands[$"{scope}/{Text(parameters, "language_code") ?? ""}"] = JsonNode.Parse(parameters.GetProperty("commands").GetRawText());
                }

                return Ok(true);
            case "getMyCommands":
                lock (_lock)
                {
                    var scope = parameters.TryGetProperty("scope", out var s) ? s.GetProperty("type").GetString() : "default";
                    return Ok(_commands.TryGetValue($"{scope}/{Text(parameters, "language_code") ?? ""}", out var list) ? list?.DeepClone() : new JsonArray());
                }

            default:
                if (method.Returns.Contains("Message") && parameters.TryGetProperty("chat_id", out _))
                {
                    return Ok(MessageFor(method.Name, parameters));
                }

                // Enough to be read as the declared return type; tests needing more get a case above.
                return (method.Returns.Count > 0 ? method.Returns[0] : null) switch
                {
                    null or "Boolean" or "True" => Ok(true),
                    "Integer" => Ok(0),
                    "String" => Ok(""),
                    var type when type.StartsWith("Array of", StringComparison.Ordinal) => Ok(new JsonArray()),
                    _ => Ok(new JsonObject()),
                };
        }
    }

    private async Task<(int, JsonObject)> GetUpdatesAsync(JsonElement parameters, CancellationToken aborted)
    {
        var offset = parameters.TryGetProperty("offset", out var o) ? o.GetInt64() : (long?)null;
        var limit = Math.Clamp(parameters.TryGetProperty("limit", out var l) ? l.GetInt32() : 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Max(0, parameters.TryGetProperty("timeout", out var t) ? t.GetInt32() : 0));
        var deadline = _options.TimeProvider.GetUtcNow() + timeout;
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                if (_webhookUrl is not null)
                {
                    return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
                }

                if (offset is { } confirmed)
                {
                    // Updates below the offset are confirmed and gone for good.
                    _pending.RemoveAll(p => p.Id < confirmed);
                }

                if (_pending.Count > 0)
                {
                    return Ok(new JsonArray([.. _pending.Take(limit).Select(p => (JsonNode)p.Update.DeepClone())]));
                }

                arrived = _updateArrived.Task;
            }

            var left = deadline - _options.TimeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return Ok(new JsonArray());
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
            try
            {
                await arrived.WaitAsync(left, _options.TimeProvider, linked.Token);
            }
            catch (TimeoutException)
            {
                return Ok(new JsonArray());
            }
        }
    }

    private JsonObject MessageFor(string method, JsonElement parameters)
    {
        var chat = parameters.GetProperty("chat_id");
        var message = new JsonObject
        {
            ["message_id"] = parameters.TryGetProperty("message_id", out var existing) && method.StartsWith("edit", StringComparison.Ordinal)
                ? existing.GetInt64()
                : Interlocked.Increment(ref _nextMessageId),
            ["from"] = BotUser(),
            ["chat"] = ChatObject(chat),
            ["date"] = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (Text(parameters, "text") is { } text)
        {
            message["text"] = text;
        }

        if (parameters.TryGetProperty("reply_markup", out var markup) && markup.TryGetProperty("inline_keyboard", out _))
        {
            message["reply_markup"] = JsonNode.Parse(markup.GetRawText());
        }

        return message;
    }

    private static JsonObject ChatObject(JsonElement chatId)
    {
        if (chatId.ValueKind == JsonValueKind.String)
        {
            return new JsonObject { ["id"] = -1001000000001, ["type"] = "channel", ["title"] = "Channel", ["username"] = chatId.GetString()!.TrimStart('@') };
        }

        var id = chatId.GetInt64();
        return id > 0
            ? new JsonObject { ["id"] = id, ["type"] = "private", ["first_name"] = "Test" }
            : new JsonObject { ["id"] = id, ["type"] = id < -1_000_000_000_000 ? "supergroup" : "group", ["title"] = "Group" };
    }

    private JsonObject BotUser() => new()
    {
        ["id"] = BotId,
        ["is_bot"] = true,
        ["first_name"] = "ChildCare Test Bot",
        ["username"] = _options.BotUsername,
        ["can_join_groups"] = true,
        ["can_read_all_group_messages"] = false,
        ["supports_inline_queries"] = false,
    };

    private void DropIfAsked(JsonElement parameters)
    {
        if (parameters.TryGetProperty("drop_pending_updates", out var drop) && drop.ValueKind == JsonValueKind.True)
        {
            _pending.Clear();
        }
    }

    private static string? Semantics(string method, JsonElement parameters)
    {
        if (method is "sendMessage" or "editMessageText" && Text(parameters, "text") is { } text)
        {
            var html = string.Equals(Text(parameters, "parse_mode"), "HTML", StringComparison.OrdinalIgnoreCase);
            if (html && FakeTelegramHtml.Problem(text) is { } problem)
            {
                return problem;
            }

            var length = html ? BotApiSpec.VisibleLength(text) : text.Length;
            if (string.IsNullOrWhiteSpace(text))
            {
                return "Bad Request: message text is empty";
            }

            if (length > 4096)
            {
                return "Bad Request: message is too long";
            }
        }

        if (parameters.TryGetProperty("reply_markup", out var markup)
            && markup.TryGetProperty("inline_keyboard", out var rows)
            && rows.EnumerateArray().SelectMany(r => r.EnumerateArray()).Any(b =>
                b.TryGetProperty("callback_data", out var data) && Encoding.UTF8.GetByteCount(data.GetString()!) is 0 or > 64))
        {
            return "Bad Request: BUTTON_DATA_INVALID";
        }

        return null;
    }

    private static bool IsMessageMethod(string method) =>
        (method.StartsWith("send", StringComparison.Ordinal) && method != "sendChatAction")
        || method.StartsWith("editMessage", StringComparison.Ordinal)
        || method is "copyMessage" or "forwardMessage";

    private static long? ChatId(JsonElement parameters) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("chat_id", out var chat) && chat.ValueKind == JsonValueKind.Number && chat.TryGetInt64(out var id)
            ? id
            : null;

    private static string? Text(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A call's parameters as the Bot API takes them: a JSON body, a URL query string, or form fields
    /// (application/x-www-form-urlencoded or multipart/form-data; an uploaded file counts as a string). Form and
    /// query values are text, which Telegram reads as the field's type: "42" as an Integer, "true" as a Boolean,
    /// JSON text as an object or array.
    /// </summary>
    private static async Task<JsonElement> ReadParametersAsync(HttpContext context, SpecMethod method)
    {
        var parameters = new JsonObject();
        foreach (var (name, values) in context.Request.Query)
        {
            parameters[name] = FromText(method, name, values.ToString());
        }

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            foreach (var (name, values) in form)
            {
                parameters[name] = FromText(method, name, values.ToString());
            }

            foreach (var file in form.Files)
            {
                parameters[file.Name] = "attach://" + file.FileName;
            }
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(context.RequestAborted);
            if (!string.IsNullOrWhiteSpace(text))
            {
                if (JsonNode.Parse(text) is not JsonObject body)
                {
                    throw new JsonException("The body is not a JSON object.");
                }

                foreach (var (name, value) in body.ToList())
                {
                    body.Remove(name);
                    parameters[name] = value;
                }
            }
        }

        return JsonSerializer.SerializeToElement(parameters);
    }

    private static JsonNode? FromText(SpecMethod method, string name, string text)
    {
        var types = method.Fields.FirstOrDefault(f => f.Name == name)?.Types ?? [];
        if (types.Any(t => t is "Integer" or "Float") && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return JsonNode.Parse(text);
        }

        if (types.Any(t => t is "Boolean" or "True") && bool.TryParse(text, out var flag))
        {
            return flag;
        }

        if (text.TrimStart().StartsWith('{') || text.TrimStart().StartsWith('['))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Plain text that happens to start with a bracket.
            }
        }

        return text;
    }

    private async Task ServeFileAsync(HttpContext context, string path)
    {
        byte[]? content;
        lock (_lock)
        {
            content = _files.Values.FirstOrDefault(f => f.Path == path).Content;
        }

        if (content is null)
        {
            await WriteErrorAsync(context, 404, "Not Found");
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted);
    }

    private static (int, JsonObject) Ok(JsonNode? result, string? description = null)
    {
        var body = new JsonObject { ["ok"] = true, ["result"] = result };
        if (description is not null)
        {
            body["description"] = description;
        }

        return (200, body);
    }

    private static (int, JsonObject) Error(int code, string description) =>
        (code, new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description });

    private static Task WriteErrorAsync(HttpContext context, int code, string description) =>
        WriteAsync(context, code, Error(code, description).Item2);

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
