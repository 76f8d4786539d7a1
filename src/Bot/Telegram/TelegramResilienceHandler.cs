using System.Net;
using System.Text.Json;
using ChildCare.Core.Messaging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// Retries Bot API calls: network errors, per-attempt timeouts and 5xx with exponential backoff and jitter;
/// 429 after exactly parameters.retry_after (capped at <see cref="TelegramSettings.MaxRetryAfter"/>). Other
/// 4xx are final. Logs name the method, never the URI (it carries the token).
/// </summary>
internal sealed class TelegramResilienceHandler : DelegatingHandler
{
    /// <summary>The Bot API method, for logs; set by the client on each request.</summary>
    public static readonly HttpRequestOptionsKey<string> MethodOption = new("ChildCare.Telegram.Method");

    /// <summary>Per-attempt timeout; a getUpdates long poll needs longer than other calls.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> TimeoutOption = new("ChildCare.Telegram.Timeout");

    private static readonly ResiliencePropertyKey<string> MethodKey = new("ChildCare.Telegram.Method");
    private static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("ChildCare.Telegram.Timeout");

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly TelegramSettings _settings;

    private readonly SendRateGate? _gate;

    /// <param name="settings">Retries and timeouts.</param>
    /// <param name="timeProvider">The clock of delays.</param>
    /// <param name="logger">Where retries are told.</param>
    /// <param name="gate">The bot's overall message rate; every attempt of a message method passes it, and a 429
    /// pauses it. Absent where nothing sends messages (a client used only to receive).</param>
    public TelegramResilienceHandler(TelegramSettings settings, TimeProvider timeProvider, ILogger<TelegramResilienceHandler> logger, SendRateGate? gate = null)
    {
        _settings = settings;
        _gate = gate;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = async args =>
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                        ? await RetryAfterAsync(response, args.Context.CancellationToken)
                        : null,
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "Telegram {Method}: attempt {Attempt} failed ({Failure}); retrying in {Delay}",
                        args.Context.Properties.GetValue(MethodKey, "?"),
                        args.AttemptNumber + 1,
                        Describe(args.Outcome),
                        args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeoutKey, settings.RequestTimeout)),
        });
        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(MethodKey, request.Options.TryGetValue(MethodOption, out var method) ? method : "request");
            context.Properties.Set(TimeoutKey, request.Options.TryGetValue(TimeoutOption, out var timeout) ? timeout : _settings.RequestTimeout);
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    if (state.Counted)
                    {
                        await state.Handler._gate!.WaitAsync(ctx.CancellationToken);
                    }

                    var response = await state.Handler.SendOnceAsync(state.Request, ctx.CancellationToken);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests && state.Handler._gate is { } gate)
                    {
                        await response.Content.LoadIntoBufferAsync(ctx.CancellationToken);
                        gate.Pause(await state.Handler.RetryAfterAsync(response, ctx.CancellationToken) ?? TimeSpan.FromSeconds(1));
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        // Buffered so the retry_after check and the client can both read the error body.
                        await response.Content.LoadIntoBufferAsync(ctx.CancellationToken);
                    }

                    return response;
                },
                context,
                (Handler: this, Request: request, Counted: _gate is not null && IsMessageMethod(method)));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Methods that post a message, which Telegram's message limits count (chat actions do not).</summary>
    internal static bool IsMessageMethod(string? method) =>
        method is not null
        && ((method.StartsWith("send", StringComparison.Ordinal) && method != "sendChatAction")
            || method.StartsWith("editMessage", StringComparison.Ordinal)
            || method is "copyMessage" or "forwardMessage");

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => true,
        { Result.StatusCode: var status } when (int)status >= 500 => true,
        _ => false,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        // The type only: HttpRequestException messages can carry the URI.
        { Exception: { } exception } => exception.GetType().Name,
        { Result: { } response } => $"HTTP {(int)response.StatusCode}",
        _ => "unknown",
    };

    private async ValueTask<TimeSpan?> RetryAfterAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var seconds = 1;
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var parsed = JsonSerializer.Deserialize<ApiResponse<JsonElement>>(body, TelegramJson.Options);
            seconds = parsed?.Parameters?.RetryAfter ?? seconds;
        }
        catch (JsonException)
        {
            // A 429 from a proxy rather than Telegram: no body to read, so wait the minimum.
        }

        var delay = TimeSpan.FromSeconds(Math.Max(seconds, 0));
        return delay > _settings.MaxRetryAfter ? _settings.MaxRetryAfter : delay;
    }
}
