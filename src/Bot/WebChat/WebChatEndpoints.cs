using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using ChildCare.Bot.Resources;
using ChildCare.Bot.SignIn;
using ChildCare.Core.Chat;
using ChildCare.Core.Conversations;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Humanizer;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace ChildCare.Bot.WebChat;

/// <summary>
/// The web chat at <c>/chat</c>: the same conversations as Telegram, in a page for phones. A browser session is
/// an HttpOnly cookie the server issued (<see cref="WebChatSessions"/>); the chat id is derived from its token, so
/// nobody reaches another's conversation without their cookie, and a made-up cookie is a new session. Posts need
/// the <c>X-ChildCare-Chat</c> header, which a cross-site form cannot send. Messages are limited per session, per
/// client address and per node; filing past its caps waits for a proof of work (<see cref="WebChatGuard"/>).
/// </summary>
internal static partial class WebChatEndpoints
{
    public const string Channel = ConversationEngine.WebChatChannel;
    public const string CookieName = "cc_chat";
    public const string GuardHeader = "X-ChildCare-Chat";
    public const string RateLimitPolicy = "web-chat";

    /// <summary>
    /// Marks the tap on "send" under a report's review: never refused by the per-minute limit (filing is idempotent
    /// on the draft and limited per hour by the intake), and refused when the body is anything else.
    /// </summary>
    public const string SendReportHeader = "X-ChildCare-Send-Report";

    // What a rate-limit refusal says to wait when the limiter cannot tell.
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(1);
    private const int MaxBodyBytes = 16 * 1024;
    private const string TextButtonPrefix = "t:";
    private static readonly string SendReportButton = Buttons.Answer(ConversationStep.ReportReview, "send");

    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly (string Key, string Text)[] UiTexts =
    [
        ("title", "WebTitle"), ("placeholder", "WebPlaceholder"), ("send", "WebSend"), ("emergencyBanner", "WebEmergencyBanner"),
        ("locationButton", "WebLocationButton"), ("offline", "WebOffline"), ("tooFast", "WebTooFast"), ("you", "WebYou"),
        ("bot", "WebBot"), ("restart", "WebRestart"), ("retry", "WebRetry"), ("restartConfirm", "WebRestartConfirm"),
    ];

    public static IServiceCollection AddChildCareWebChat(this IServiceCollection services, WebChatSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<WebChatSessions>();
        services.AddSingleton<WebChatGuard>();
        services.AddChildCareChat();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Beside each session's own limit: one client address, and the whole node, on the chat's API only. The send
            // tap of a report is never refused by a per-minute limit (it is idempotent; filing has its own cap).
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsChatApi(context) && !IsSendReport(context.Request)
                    ? RateLimitPartition.GetSlidingWindowLimiter("ip:" + ClientAddress(context), _ => PerMinute(settings.MessagesPerMinutePerAddress))
                    : RateLimitPartition.GetNoLimiter("other")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsChatApi(context) && !IsSendReport(context.Request)
                    ? RateLimitPartition.GetSlidingWindowLimiter("all", _ => PerMinute(settings.MessagesPerMinuteTotal))
                    : RateLimitPartition.GetNoLimiter("other")));

            // A token bucket (a minute's worth, refilled every 10 seconds) rather than a sliding window: a refusal can
            // then say how long to wait.
            options.AddPolicy(RateLimitPolicy, context => IsSendReport(context.Request)
                ? RateLimitPartition.GetNoLimiter("send-report")
                : RateLimitPartition.GetTokenBucketLimiter(
                    PartitionKey(context),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.MessagesPerMinute,
                        TokensPerPeriod = Math.Max(1, (settings.MessagesPerMinute + 5) / 6),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                        AutoReplenishment = true,
                        QueueLimit = 0,
                    }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var language = Languages.FromCode(FirstLanguage(context.HttpContext.Request));
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : DefaultWait;
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                // Refused or not, a message that says a child is in danger now gets the emergency numbers (nothing is
                // stored: the person is asked to send it again): a school or a carrier's shared address must not hold
                // them back.
                var emergency = await EmergencyAnswerAsync(context.HttpContext, language, cancellationToken);
                await context.HttpContext.Response.WriteAsJsonAsync(
                    new { title = TooFast(seconds, language), retryAfterSeconds = seconds, replies = emergency is null ? Array.Empty<WebReply>() : [ToWeb(emergency)] },
                    cancellationToken);
            };
        });
        return services;
    }

    /// <summary>The emergency numbers when a refused request is a chat message that says a child is in danger now.</summary>
    private static async Task<ChatReply?> EmergencyAnswerAsync(HttpContext http, Language language, CancellationToken cancellationToken)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.Equals("/chat/api/send", StringComparison.Ordinal)
            || http.Request.ContentLength is > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            var request = await ReadSendRequestAsync(http, cancellationToken);
            return Conversation.EmergencyAnswer(request?.Text, language);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>A chat message's body, at most <see cref="MaxBodyBytes"/> (a longer one is a <see cref="BadHttpRequestException"/>).</summary>
    private static ValueTask<SendRequest?> ReadSendRequestAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        return JsonSerializer.DeserializeAsync<SendRequest>(http.Request.Body, JsonSerializerOptions.Web, cancellationToken);
    }

    /// <summary>"Sending too fast: wait 10 seconds", in seconds under two minutes, else in minutes.</summary>
    internal static string TooFast(int seconds, Language language)
    {
        // Whole seconds under two minutes ("90 giây"), whole minutes from there on ("3 phút").
        var wait = seconds < 120
            ? TimeSpan.FromSeconds(seconds).Humanize(precision: 1, language.Culture(), maxUnit: TimeUnit.Second, minUnit: TimeUnit.Second)
            : TimeTexts.Duration(TimeSpan.FromMinutes((seconds + 59) / 60), language);
        return BotTexts.Format("WebTooFastWait", language, wait);
    }

    private static bool IsSendReport(HttpRequest request) =>
        request.Headers.TryGetValue(SendReportHeader, out var value) && value == "1";

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chat", (HttpContext http) => Asset(http, "chat.html", "text/html; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/chat/chat.css", (HttpContext http) => Asset(http, "chat.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/chat/chat.js", (HttpContext http) => Asset(http, "chat.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        // The page's texts are read once per visit and change nothing: only the address's and the node's limits count
        // them, so new visitors behind one shared address do not use up each other's first messages.
        app.MapGet("/chat/api/ui", UiAsync).ExcludeFromDescription();
        app.MapPost("/chat/api/send", SendAsync).RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        app.MapPost("/chat/api/forget", ForgetAsync).RequireRateLimiting(RateLimitPolicy).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> UiAsync(HttpContext http, ConversationEngine engine, WebChatSessions sessions, CancellationToken cancellationToken)
    {
        var client = Languages.FromCode(FirstLanguage(http.Request));
        var language = sessions.Read(http.Request) is { } token
            ? await engine.LanguageAsync(Channel, ChatIdOf(token), client, cancellationToken)
            : client;
        NoStore(http.Response);
        return Results.Json(new
        {
            language = language.Code(),
            texts = UiTexts.ToDictionary(t => t.Key, t => BotTexts.Get(t.Text, language)),
        });
    }

    private static async Task<IResult> SendAsync(HttpContext http, ChatRouter router, IOutbox outbox, IDbContextFactory<ChildCareDbContext> contexts, WebChatSessions sessions, WebChatGuard filing, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        NoStore(http.Response);
        if (!http.Request.Headers.TryGetValue(GuardHeader, out var guard) || guard != "1")
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"The {GuardHeader} header is required.");
        }

        SendRequest? request;
        try
        {
            request = await ReadSendRequestAsync(http, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            LogMalformed(loggers.CreateLogger(typeof(WebChatEndpoints)), e.GetType().Name);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not a chat message.");
        }

        if (request?.ToInput() is not { } input)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Send exactly one of text, button or location.");
        }

        // The limit's exemption is for the send tap only.
        if (IsSendReport(http.Request) && input.Data != SendReportButton)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The {SendReportHeader} header is only for sending a report.");
        }

        var engine = http.RequestServices.GetRequiredService<ConversationEngine>();
        // A session that idled out reaches nothing any more; what its chat left is deleted now, and a report left unfinished
        // in it is not lost silently: the person is told (its answers are never shown, the phone may be shared).
        var ended = sessions.Read(http.Request) is null ? sessions.Ended(http.Request) : null;
        var chatId = sessions.Current(http);
        var client = Languages.FromCode(FirstLanguage(http.Request));
        var endedDeleted = ended is not null && await engine.ForgetEndedAsync(Channel, ChatIdOf(ended), cancellationToken);
        var address = ClientAddress(http);
        var language = await engine.LanguageAsync(Channel, chatId, client, cancellationToken);
        var person = new ChatPerson(Channel, chatId, language, null);
        var official = await SignedInOfficialAsync(http, contexts, language, cancellationToken);
        var outcome = await router.RouteAsync(
            new ChatInput(person, input, request.ClientId())
            {
                Official = official,
                MayFile = _ => ValueTask.FromResult(filing.MayFile(address, request.Proof)),
            },
            cancellationToken);
        if (outcome.ReportComplete)
        {
            // The next person on this phone starts a new chat: nothing of this report is within their reach.
            sessions.Rotate(http);
        }

        // The answer to this chat (or to the official it speaks for) is drawn here; notices to others (colleagues told
        // a deadline is done) go through the outbox, as from any channel.
        bool IsAnswer(OutboundMessage m) => (m.Channel == person.Channel && m.ChatId == person.ChatId) || (official is not null && m.Channel == official.Channel && m.ChatId == official.ChatId);
        var others = outcome.Messages.Where(m => !IsAnswer(m)).ToList();
        if (others.Count > 0)
        {
            await outbox.EnqueueAsync(others, cancellationToken);
        }

        var challenge = outcome.Held ? filing.NewChallenge(address) : default;
        var answerLanguage = outcome.Language ?? language;
        IEnumerable<WebReply> notices = endedDeleted
            ? [ToWeb(new ChatReply(MessageHtml.Escape(BotTexts.Format("WebEndedDeleted", answerLanguage, TimeTexts.Duration(sessions.Idle, answerLanguage)))))]
            : [];
        return Results.Json(new
        {
            language = answerLanguage.Code(),
            replies = notices.Concat(outcome.Messages.Where(IsAnswer).Select(m => ToWeb(m.Body))),
            // A report was filed (the session is replaced once it is done), or the last session idled out: the page drops
            // what it shows of it, as the filing's answer promises.
            forget = outcome.Filed || outcome.ReportComplete || ended is not null,
            challenge = outcome.Held ? new { token = challenge.Challenge, bits = challenge.Bits } : null,
        });
    }

    /// <summary>The official signed in on this site (the dashboard's session), as their messenger chat: officials' commands answer them.</summary>
    private static async Task<ChatPerson?> SignedInOfficialAsync(HttpContext http, IDbContextFactory<ChildCareDbContext> contexts, Language language, CancellationToken cancellationToken)
    {
        if (http.User.FindFirst(SessionAuthenticationHandler.OfficialClaim)?.Value is not { } claim
            || !long.TryParse(claim, NumberStyles.None, CultureInfo.InvariantCulture, out var officialId))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.AsNoTracking().Where(o => o.Id == officialId).Select(o => new { o.Channel, o.ChatId, o.DisplayName }).SingleOrDefaultAsync(cancellationToken);
        return official is null ? null : new ChatPerson(official.Channel, official.ChatId, language, official.DisplayName);
    }

    /// <summary>"Finish and forget": this browser's conversation (an unfinished report included) is deleted and its cookie dropped.</summary>
    private static async Task<IResult> ForgetAsync(HttpContext http, ConversationEngine engine, WebChatSessions sessions, CancellationToken cancellationToken)
    {
        NoStore(http.Response);
        if (!http.Request.Headers.TryGetValue(GuardHeader, out var guard) || guard != "1")
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"The {GuardHeader} header is required.");
        }

        if ((sessions.Read(http.Request) ?? sessions.Ended(http.Request)) is { } token)
        {
            await engine.ForgetAsync(Channel, ChatIdOf(token), cancellationToken);
        }

        sessions.Forget(http);
        return Results.NoContent();
    }

    /// <summary>A reply as the page draws it: phone numbers become tap-to-call links; reply-keyboard buttons send their text.</summary>
    internal static WebReply ToWeb(ChatReply reply)
    {
        var buttons = new List<IReadOnlyList<WebButton>>();
        var requestLocation = false;
        foreach (var row in reply.Keyboard?.Rows ?? [])
        {
            var line = new List<WebButton>();
            foreach (var button in row)
            {
                if (button.RequestLocation)
                {
                    requestLocation = true;
                }
                else if (button.RequestContact)
                {
                    // The browser has no phone number to share: the person types it.
                }
                else if (button.Url is { } url)
                {
                    line.Add(new WebButton(button.Text, Url: url.AbsoluteUri));
                }
                else
                {
                    line.Add(new WebButton(button.Text, Data: button.CallbackData ?? TextButtonPrefix + button.Text));
                }
            }

            if (line.Count > 0)
            {
                buttons.Add(line);
            }
        }

        var html = reply.Render(part => part switch
        {
            PhonePart phone => $"<a href=\"tel:{MessageHtml.Escape(phone.Number)}\">{MessageHtml.Escape(phone.Number)}</a>",
            LinkPart link => $"<a href=\"{MessageHtml.Escape(link.Url.AbsoluteUri)}\">{MessageHtml.Escape(link.Text)}</a>",
            TextPart text => text.Html,
            _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "Unknown reply part."),
        });
        return new WebReply(html, buttons, requestLocation);
    }

    private static IResult Asset(HttpContext http, string name, string contentType)
    {
        var response = http.Response;
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()";
        response.Headers.CacheControl = "no-cache";
        var stream = typeof(WebChatEndpoints).Assembly.GetManifestResourceStream($"ChildCare.Bot.WebChat.Assets.{name}")
            ?? throw new InvalidOperationException($"The web chat asset {name} is missing from the build.");
        return Results.Stream(stream, contentType);
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
    }

    // Positive and below 2^62: never collides with the ids of rows made for tests or with sign tricks.
    internal static long ChatIdOf(string token) =>
        (long)(BitConverter.ToUInt64(SHA256.HashData(Encoding.ASCII.GetBytes(token)), 0) >> 2) + 1;

    private static string PartitionKey(HttpContext context) =>
        context.RequestServices.GetRequiredService<WebChatSessions>().Read(context.Request) is { } token
            ? "s:" + token
            : "ip:" + ClientAddress(context);

    /// <summary>The client's address: the connection's, or what a configured proxy forwarded (ForwardedHeaders, Web:KnownProxies).</summary>
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsChatApi(HttpContext context) => context.Request.Path.StartsWithSegments("/chat/api", StringComparison.Ordinal);

    private static SlidingWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
    };

    private static string? FirstLanguage(HttpRequest request)
    {
        StringValues header = request.Headers.AcceptLanguage;
        var first = header.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first?.Split(';')[0];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web chat: a malformed message was refused ({Error})")]
    private static partial void LogMalformed(ILogger logger, string error);

    /// <summary><c>Proof</c>: the answer to a challenge the last "send" got (see <see cref="WebChatGuard"/>).</summary>
    internal sealed record SendRequest(string? Text, string? Button, SendLocation? Location, string? Id = null, string? Proof = null)
    {
        /// <summary>The page's id for this message (kept when it retries), if it is a sane one.</summary>
        public string? ClientId() =>
            Id is { Length: >= 8 and <= 64 } id && id.All(char.IsAsciiLetterOrDigit) ? id : null;

        public ConversationInput? ToInput()
        {
            var given = (Text is null ? 0 : 1) + (Button is null ? 0 : 1) + (Location is null ? 0 : 1);
            if (given != 1)
            {
                return null;
            }

            if (Button is { } data)
            {
                return data.StartsWith(TextButtonPrefix, StringComparison.Ordinal)
                    ? ConversationInput.FromText(data[TextButtonPrefix.Length..])
                    : data.Length <= 64 ? ConversationInput.FromButton(data) : null;
            }

            if (Location is { } point)
            {
                var input = ConversationInput.FromLocation(point.Latitude, point.Longitude);
                return input.Location!.IsValid ? input : null;
            }

            return string.IsNullOrWhiteSpace(Text) ? null : ConversationInput.FromText(Text);
        }
    }

    internal sealed record SendLocation(double Latitude, double Longitude);

    internal sealed record WebReply(string Html, IReadOnlyList<IReadOnlyList<WebButton>> Buttons, bool RequestLocation);

    internal sealed record WebButton(string Text, string? Data = null, string? Url = null);
}
