using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Telemetry;
using Polly.Timeout;

namespace ChildCare.Bot.Telegram;

/// <summary>
/// The one resilience pipeline of the Telegram HttpClient (Microsoft.Extensions.Http.Resilience), outermost first:
/// retry, circuit breaker, per-attempt timeout. What is retried: network errors, attempt timeouts and 5xx, with
/// exponential backoff and jitter, or after the body's <c>parameters.retry_after</c> when Telegram gives one.
/// A 429 is retried only for calls that send no message (getUpdates, answerCallbackQuery, setMyCommands...):
/// for a message (sendMessage, editMessage...) the 429 goes straight back to the outbox, which reschedules the
/// row after retry_after while <see cref="TelegramRateGateHandler"/> holds every other message back; retrying it
/// here as well would hide the throttle from the outbox and double the wait. Other 4xx are final. The breaker
/// opens when half of at least ten calls in 30 s fail (5xx, network, timeout; a 4xx is an answer, not a failure)
/// and then fails calls at once for <see cref="BreakDuration"/>, so an outage costs no timeouts; the outbox
/// keeps the messages queued meanwhile. Logs name the method, never the URI: it carries the bot token.
/// </summary>
internal static partial class TelegramResilience
{
    public const string PipelineName = "telegram";

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(15);

    /// <summary>Adds the pipeline to the Telegram HttpClient; the rate gate goes inside it, so every attempt passes the gate.</summary>
    public static IHttpClientBuilder AddTelegramResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var services = context.ServiceProvider;
            Configure(
                pipeline,
                services.GetRequiredService<TelegramSettings>(),
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelegramResilience)));
        });
        return builder;
    }

    internal static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, TelegramSettings settings, ILogger logger)
    {
        if (settings.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                // Telegram says when in the JSON body, not in a Retry-After header.
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context)),
                DelayGenerator = async args =>
                    args.Outcome.Result is { } response ? await RetryAfterAsync(response, settings.MaxRetryAfter, args.Context.CancellationToken) : null,
                OnRetry = args =>
                {
                    LogRetry(logger, MethodOf(args.Context.GetRequestMessage()), args.AttemptNumber + 1, Describe(args.Outcome), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            OnOpened = args =>
            {
                LogBreakerOpened(logger, args.BreakDuration, Describe(args.Outcome));
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                LogBreakerClosed(logger);
                return ValueTask.CompletedTask;
            },
        });

        pipeline.AddTimeout(new HttpTimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context.GetRequestMessage(), settings)),
        });
    }

    /// <summary>
    /// How loud a resilience event is logged: an attempt that went through (Polly's "ExecutionAttempt" at information)
    /// only at debug; failed attempts, retries and the breaker as Polly and our own lines say.
    /// </summary>
    internal static ResilienceEventSeverity Severity(SeverityProviderArguments args) =>
        args.Event.EventName == "ExecutionAttempt" && args.Event.Severity == ResilienceEventSeverity.Information
            ? ResilienceEventSeverity.Debug
            : args.Event.Severity;

    /// <summary>A getUpdates long poll waits up to its own timeout for updates; anything else gets the request timeout.</summary>
    internal static TimeSpan AttemptTimeout(HttpRequestMessage? request, TelegramSettings settings) =>
        MethodOf(request) == "getUpdates" ? TelegramSettings.LongPollRequestTimeout(settings.PollTimeout) : settings.RequestTimeout;

    /// <summary>The Bot API method of a request ("sendMessage"), "file download" for a file, never the path (it holds the token).</summary>
    internal static string MethodOf(HttpRequestMessage? request)
    {
        var path = request?.RequestUri?.AbsolutePath ?? "";
        if (path.StartsWith("/file/", StringComparison.Ordinal))
        {
            return "file download";
        }

        var slash = path.LastIndexOf('/');
        return slash > 0 && path.StartsWith("/bot", StringComparison.Ordinal) ? path[(slash + 1)..] : "request";
    }

    /// <summary>Methods that post a message, which Telegram's message limits count (chat actions do not).</summary>
    internal static bool IsMessageMethod(string method) =>
        (method.StartsWith("send", StringComparison.Ordinal) && method != "sendChatAction")
        || method.StartsWith("editMessage", StringComparison.Ordinal)
        || method is "copyMessage" or "forwardMessage";

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context) =>
        IsFailure(outcome)
        || (outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests && !IsMessageMethod(MethodOf(context.GetRequestMessage())));

    /// <summary>What the Bot API did not answer: network errors, timeouts, 5xx. An open breaker is not retried: the outbox waits instead.</summary>
    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Exception: BrokenCircuitException } => false,
        { Result.StatusCode: var status } when (int)status >= 500 => true,
        _ => false,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        // The type only: HttpRequestException messages can carry the URI.
        { Exception: { } exception } => exception.GetType().Name,
        { Result: { } response } => FormattableString.Invariant($"HTTP {(int)response.StatusCode}"),
        _ => "unknown",
    };

    /// <summary>parameters.retry_after of an error body, capped; null (the backoff decides) when there is none.</summary>
    internal static async ValueTask<TimeSpan?> RetryAfterAsync(HttpResponseMessage response, TimeSpan max, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        int? seconds = null;
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
            if (body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("parameters", out var parameters)
                && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty("retry_after", out var retryAfter)
                && retryAfter.TryGetInt32(out var value))
            {
                seconds = value;
            }
        }
        catch (JsonException)
        {
            // A proxy's error page rather than Telegram: no retry_after to honour.
        }

        if (seconds is not { } wait)
        {
            return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null;
        }

        var delay = TimeSpan.FromSeconds(Math.Max(wait, 0));
        return delay > max ? max : delay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram {Method}: attempt {Attempt} failed ({Failure}); retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, string method, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Telegram: the Bot API keeps failing ({Failure}); calls fail at once for {BreakDuration}")]
    private static partial void LogBreakerOpened(ILogger logger, TimeSpan breakDuration, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram: the Bot API answers again; calls go through")]
    private static partial void LogBreakerClosed(ILogger logger);
}
