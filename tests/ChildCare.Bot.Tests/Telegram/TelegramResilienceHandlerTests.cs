using System.Collections.Concurrent;
using System.Net;
using System.Text;
using ChildCare.Bot.Telegram;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChildCare.Bot.Tests.Telegram;

public sealed class TelegramResilienceHandlerTests
{
    private static readonly TimeSpan WaitForTimers = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAsync_WaitsExactlyRetryAfter_WhenTooManyRequests()
    {
        var time = new RecordingTimeProvider();
        // 45 s: longer than the backoff's own maximum (30 s), which must not shorten Telegram's demand.
        var server = new ScriptedHandler(TooManyRequests(45), Ok());
        using var invoker = Invoker(server, time, maxRetryAfterSeconds: 60);

        var sending = Send(invoker);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(45));
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
        using var invoker = Invoker(server, time, maxRetryAfterSeconds: 20);

        var sending = Send(invoker);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(20));
        using var response = await sending.WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(TimeSpan.FromSeconds(3600), time.Timers);
    }

    [Fact]
    public async Task SendAsync_ReturnsReadableBodyWithoutRetry_WhenBadRequest()
    {
        var server = new ScriptedHandler(Json(HttpStatusCode.BadRequest, """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"""), Ok());
        using var invoker = Invoker(server, new RecordingTimeProvider(), maxRetryAfterSeconds: 60);

        using var response = await Send(invoker).WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, server.Calls);
        Assert.Contains("chat not found", await response.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ReturnsLast429WithBody_WhenRetriesExhausted()
    {
        var time = new RecordingTimeProvider();
        var server = new ScriptedHandler(TooManyRequests(1), TooManyRequests(1));
        using var invoker = Invoker(server, time, maxRetryAfterSeconds: 60, maxRetries: 1);

        var sending = Send(invoker);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending.WaitAsync(WaitForTimers, CancellationToken.None);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(2, server.Calls);
        Assert.Contains("retry_after", await response.Content.ReadAsStringAsync(CancellationToken.None), StringComparison.Ordinal);
    }

    private static HttpMessageInvoker Invoker(HttpMessageHandler inner, TimeProvider time, int maxRetryAfterSeconds, int maxRetries = 5)
    {
        var settings = TelegramSettings.Read(TelegramTestServices.Configuration(
            ("Telegram:MaxRetries", maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Telegram:MaxRetryAfterSeconds", maxRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var handler = new TelegramResilienceHandler(settings, time, NullLogger<TelegramResilienceHandler>.Instance) { InnerHandler = inner };
        return new HttpMessageInvoker(handler);
    }

    private static async Task<HttpResponseMessage> Send(HttpMessageInvoker invoker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://telegram.test/bot1:x/sendMessage");
        return await invoker.SendAsync(request, CancellationToken.None);
    }

    private static Func<HttpResponseMessage> TooManyRequests(int seconds) => Json(
        HttpStatusCode.TooManyRequests,
        $$$"""{"ok":false,"error_code":429,"description":"Too Many Requests: retry after {{{seconds}}}","parameters":{"retry_after":{{{seconds}}}}}""");

    private static Func<HttpResponseMessage> Ok() => Json(HttpStatusCode.OK, """{"ok":true,"result":true}""");

    private static Func<HttpResponseMessage> Json(HttpStatusCode status, string body) =>
        () => new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>Answers with the scripted responses in order; the last one repeats.</summary>
    private sealed class ScriptedHandler(params Func<HttpResponseMessage>[] responses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = Interlocked.Increment(ref _calls) - 1;
            return Task.FromResult(responses[Math.Min(index, responses.Length - 1)]());
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

        public async Task WaitForTimerAsync(TimeSpan dueTime)
        {
            using var timeout = new CancellationTokenSource(WaitForTimers);
            while (!_timers.Contains(dueTime))
            {
                await Task.Delay(10, timeout.Token);
            }
        }
    }
}
