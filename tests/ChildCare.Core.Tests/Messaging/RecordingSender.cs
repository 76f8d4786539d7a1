using System.Collections.Concurrent;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Tests.Messaging;

/// <summary>A channel double: records every send and answers what the test scripted per chat.</summary>
internal sealed class RecordingSender(TimeProvider time) : IMessageSender
{
    private readonly ConcurrentDictionary<long, ConcurrentQueue<SendResult>> _scripts = new();

    public string Channel => OutboxMessage.TelegramChannel;

    public ConcurrentQueue<(long MessageId, long ChatId, DateTimeOffset At)> Sent { get; } = new();

    public int Attempts => _attempts;

    private int _attempts;

    /// <summary>The next sends to <paramref name="chatId"/> answer these results, in order; then Delivered.</summary>
    public void Script(long chatId, params SendResult[] results) =>
        _scripts.GetOrAdd(chatId, _ => new ConcurrentQueue<SendResult>()).Enqueue(results);

    /// <summary>The next send to <paramref name="chatId"/> takes <paramref name="delay"/> on the wire before it arrives.</summary>
    public void SlowNext(long chatId, TimeSpan delay) => _delays[chatId] = delay;

    private readonly ConcurrentDictionary<long, TimeSpan> _delays = new();

    public async Task<SendResult> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (_delays.TryRemove(message.ChatId, out var delay))
        {
            await Task.Delay(delay, cancellationToken);
        }

        if (_scripts.TryGetValue(message.ChatId, out var script) && script.TryDequeue(out var scripted))
        {
            return scripted;
        }

        Sent.Enqueue((message.Id, message.ChatId, time.GetUtcNow()));
        return new SendResult.Delivered(message.Id + 1000);
    }
}

internal static class QueueExtensions
{
    public static void Enqueue<T>(this ConcurrentQueue<T> queue, IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            queue.Enqueue(item);
        }
    }
}
