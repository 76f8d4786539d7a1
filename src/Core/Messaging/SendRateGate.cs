namespace ChildCare.Core.Messaging;

/// <summary>
/// The bot's overall message rate, shared by everything that sends (the dispatcher's sends, each part of a
/// long text, retries): at most <see cref="MessagingSettings.GlobalPerSecond"/> in any window slightly longer
/// than a second, evenly spaced, which keeps the count under the limit however the provider aligns its own
/// window. A 429
/// pauses every sender for its retry_after, so retries do not pile onto new sends.
/// </summary>
public sealed class SendRateGate(MessagingSettings settings, TimeProvider time)
{
    // 4% longer than a second: the provider counts requests as they arrive, some milliseconds after we stamp them
    // (Telegram.Bot writes the request after our gate; 2.5% still met an occasional 429 at 30/s).
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(1040);

    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly Lock _lock = new();
    private readonly int _limit = Math.Max(1, (int)Math.Floor(settings.GlobalPerSecond));
    private TimeSpan Spacing => Window / _limit;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    /// <summary>Waits until one more message may go, and counts it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_sent.Count > 0 && _sent.Peek() + Window <= now)
                {
                    _sent.Dequeue();
                }

                if (now < _pausedUntil)
                {
                    wait = _pausedUntil - now;
                }
                else if (now < _next)
                {
                    // Evenly spaced rather than in bursts: one late request then cannot push a window over.
                    wait = _next - now;
                }
                else if (_sent.Count < _limit)
                {
                    _sent.Enqueue(now);
                    // From the slot's planned time, not from now: timers wake late, and those few milliseconds
                    // would add up to a slower rate. Never more than half a slot behind, so no bursts.
                    var floor = now - (Spacing / 2);
                    _next = (_next > floor ? _next : floor) + Spacing;
                    return;
                }
                else
                {
                    wait = _sent.Peek() + Window - now;
                }
            }

            await Task.Delay(wait > TimeSpan.FromMilliseconds(1) ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
    }

    /// <summary>The provider said "too many requests": nobody sends until <paramref name="retryAfter"/> has passed.</summary>
    public void Pause(TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var until = time.GetUtcNow() + retryAfter;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }
}
