using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ChildCare.Bot.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace ChildCare.Bot.Tests.Telegram;

/// <summary>
/// The Telegram HttpClient's resilience pipeline as registered (AddTelegramClient), over a scripted handler in
/// place of the network and fake time, so retries, delays, timeouts and the breaker are seen without waiting.
/// </summary>
public sealed class TelegramResilienceTests
{
    private static readonly TimeSpan WaitForTimers = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAsync_RetriesAfterBackoff_WhenBadGateway()
    {
        var time = new RecordingTimeProvider();
        var server = new ScriptedHandler(Json(HttpStatusCode.BadGateway, """{"ok":false,"error_code":502,"description":"Bad Gateway"}"""), Ok());
        using var telegram = Client(server, time);

        var sending = Send(telegram.Http, "sendMessage");
        // The backoff's delay (jittered, at most 30 s), not the 10 s attempt timeout.
        await time.WaitForTimerAsync(t => t != TimeSpan.FromSeconds(10) && t <= TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(30));
        using var response = await sending.WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task SendAsync_ReturnsReadableBodyWithoutRetry_WhenBadRequest()
    {
        var server = new ScriptedHandler(Json(HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"""), Ok());
        using var telegram = Client(server, new RecordingTimeProvider());

        using var response = await Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, server.Calls);
        Assert.Contains("chat not found", await response.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReturnsThrottleWithoutRetry_WhenMessageMethodGetsTooManyRequests()
    {
        var server = new ScriptedHandler(TooManyRequests(7), Ok());
        using var telegram = Client(server, new RecordingTimeProvider());

        using var response = await Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None);

        // The outbox owns a message's 429: it reschedules the row after retry_after.
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, server.Calls);
        Assert.Contains("\"retry_after\":7", await response.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_WaitsExactlyRetryAfter_WhenOtherMethodGetsTooManyRequests()
    {
        var time = new RecordingTimeProvider();
        // 45 s: longer than the backoff's own maximum (30 s), which must not shorten Telegram's demand.
        var server = new ScriptedHandler(TooManyRequests(45), Ok());
        using var telegram = Client(server, time, maxRetryAfterSeconds: 60);

        var sending = Send(telegram.Http, "answerCallbackQuery");
        await time.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(45));
        time.Advance(TimeSpan.FromSeconds(44.9));
        await Task.Delay(100, CancellationToken.None);
        var callsBeforeDue = server.Calls;
        time.Advance(TimeSpan.FromSeconds(0.1));
        using var response = await sending.WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(1, callsBeforeDue);
        Assert.Equal(2, server.Calls);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SendAsync_CapsRetryAfter_WhenAboveConfiguredMaximum()
    {
        var time = new RecordingTimeProvider();
        var server = new ScriptedHandler(TooManyRequests(3600), Ok());
        using var telegram = Client(server, time, maxRetryAfterSeconds: 20);

        var sending = Send(telegram.Http, "setMyCommands");
        await time.WaitForTimerAsync(t => t == TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(20));
        using var response = await sending.WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(TimeSpan.FromSeconds(3600), time.Timers);
    }

    [Fact]
    public async Task SendAsync_TimesOutAttempt_WhenServerHangs()
    {
        // Real time, one second: FakeTimeProvider fires the timeout inside Advance, on the test's own thread,
        // which once left this test waiting on itself.
        var server = new ScriptedHandler(Hang);
        using var telegram = Client(server, TimeProvider.System, maxRetries: 0, requestTimeoutSeconds: 1);

        var error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None));

        Assert.Equal(1, server.Calls);
        Assert.Contains("00:00:01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AttemptTimeout_OutlastsLongPoll_WhenGetUpdates()
    {
        var settings = Settings(5, 60);
        using var poll = new HttpRequestMessage(HttpMethod.Post, "http://telegram.test/bot1:x/getUpdates");
        using var send = new HttpRequestMessage(HttpMethod.Post, "http://telegram.test/bot1:x/sendMessage");

        Assert.Equal(settings.PollTimeout + TimeSpan.FromSeconds(10), TelegramResilience.AttemptTimeout(poll, settings));
        Assert.Equal(settings.RequestTimeout, TelegramResilience.AttemptTimeout(send, settings));
        Assert.True(settings.PollTimeout > settings.RequestTimeout);
    }

    [Fact]
    public async Task SendAsync_FailsFastThenRecovers_WhenCircuitOpensOnRepeatedFailures()
    {
        var time = new RecordingTimeProvider();
        var failing = true;
        var server = new ScriptedHandler(() => failing ? Json(HttpStatusCode.BadGateway, """{"ok":false,"error_code":502,"description":"Bad Gateway"}""")() : Ok()());
        using var telegram = Client(server, time, maxRetries: 0);

        for (var i = 0; i < 10; i++)
        {
            using var failed = await Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None);
            Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None));
        var callsWhileOpen = server.Calls;
        failing = false;
        time.Advance(TelegramResilience.BreakDuration);
        using var recovered = await Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(10, callsWhileOpen);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(11, server.Calls);
    }

    [Fact]
    public async Task SendAsync_KeepsCircuitClosed_WhenAnswersAreClientErrors()
    {
        var server = new ScriptedHandler(Json(HttpStatusCode.Forbidden, """{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"""));
        using var telegram = Client(server, new RecordingTimeProvider(), maxRetries: 0);

        for (var i = 0; i < 12; i++)
        {
            using var refused = await Send(telegram.Http, "sendMessage").WaitAsync(WaitForTimers, CancellationToken.None);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(12, server.Calls);
    }

    [Theory]
    [InlineData("http://telegram.test/bot1:secret/sendMessage", "sendMessage")]
    [InlineData("http://telegram.test/file/bot1:secret/documents/plan.docx", "file download")]
    [InlineData("http://telegram.test/other", "request")]
    public void MethodOf_NamesMethodWithoutToken_WhenGivenBotApiUri(string uri, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);

        Assert.Equal(expected, TelegramResilience.MethodOf(request));
    }

    private static TelegramSettings Settings(int maxRetries, int maxRetryAfterSeconds) => TelegramSettings.Read(TelegramTestServices.Configuration(
        ("Telegram:BotToken", "1:x"),
        ("Telegram:MaxRetries", maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Telegram:RequestTimeoutSeconds", "10"),
        ("Telegram:MaxRetryAfterSeconds", maxRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static TestClient Client(HttpMessageHandler server, TimeProvider time, int maxRetryAfterSeconds = 60, int maxRetries = 5, int requestTimeoutSeconds = 10)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddTelegramClient(TelegramTestServices.Configuration(
            ("Telegram:BotToken", "1:x"),
            ("Telegram:ApiBaseUrl", "http://telegram.test"),
            ("Telegram:MaxRetries", maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Telegram:RequestTimeoutSeconds", requestTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Telegram:MaxRetryAfterSeconds", maxRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        services.AddHttpClient(TelegramServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        var provider = services.BuildServiceProvider();
        return new TestClient(provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient(TelegramServiceCollectionExtensions.HttpClientName));
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, string method)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://telegram.test/bot1:x/{method}") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        return await http.SendAsync(request, CancellationToken.None);
    }

    private static Func<HttpResponseMessage> TooManyRequests(int seconds) => Json(
        HttpStatusCode.TooManyRequests,
        $$$"""{"ok":false,"error_code":429,"description":"Too Many Requests: retry after {{{seconds}}}","parameters":{"retry_after":{{{seconds}}}}}""");

    private static Func<HttpResponseMessage> Ok() => Json(HttpStatusCode.OK, """{"ok":true,"result":true}""");

    private static HttpResponseMessage Hang() => throw new InvalidOperationException("replaced by the hanging branch");

    private static Func<HttpResponseMessage> Json(HttpStatusCode status, string body) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class TestClient(ServiceProvider services, HttpClient http) : IDisposable
    {
        public HttpClient Http { get; } = http;

        public void Dispose()
        {
            Http.Dispose();
            services.Dispose();
        }
    }

    /// <summary>Answers with the scripted responses in order (the last one repeats); <see cref="Hang"/> never answers.</summary>
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _calls) - 1;
            var next = responses[Math.Min(index, responses.Length - 1)];
            if (next == Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return next();
        }
    }

    /// <summary>Fake time that also records every timer's due time, so a test can wait until a delay is scheduled.</summary>
    private sealed class RecordingTimeProvider : TimeProvider
    {
        private readonly FakeTimeProvider _inner = new();
        private readonly ConcurrentQueue<TimeSpan> _timers = new();

        public IReadOnlyCollection<TimeSpan> Timers => [.. _timers];

        public override DateTimeOffset GetUtcNow() => _inner.GetUtcNow();

        public override long GetTimestamp() => _inner.GetTimestamp();

        public override long TimestampFrequency => _inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = _inner.CreateTimer(callback, state, dueTime, period);
            _timers.Enqueue(dueTime);
            return timer;
        }

        public void Advance(TimeSpan delta) => _inner.Advance(delta);

        public async Task WaitForTimerAsync(Func<TimeSpan, bool> due)
        {
            using var timeout = new CancellationTokenSource(WaitForTimers);
            while (!_timers.Any(t => t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan && due(t)))
            {
                await Task.Delay(10, timeout.Token);
            }
        }
    }
}
