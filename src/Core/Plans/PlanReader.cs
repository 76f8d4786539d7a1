using System.Collections.Concurrent;

namespace ChildCare.Core.Plans;

/// <summary>
/// Reads plans for officials (the API, the plan page, chat) under two limits: at most
/// <see cref="PlanSettings.ExtractionsPerMinute"/> per official or chat, and each within
/// <see cref="PlanSettings.ExtractionTimeLimit"/> (given up after it, and as soon as the request is cancelled).
/// </summary>
public sealed class PlanReader(PlanSettings settings, TimeProvider time)
{
    public enum Outcome
    {
        Read,
        TooSlow,
        TooMany,
    }

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    /// <summary>
    /// The plan's items, or why there are none (too slow, too many plans in a minute). <paramref name="who"/> is
    /// who asks ("official:12", "telegram:3456"); each has their own limit.
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled.</exception>
    public async Task<(PlanExtraction? Extraction, Outcome Outcome)> ReadAsync(string who, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(text);
        if (!Admit(who))
        {
            return (null, Outcome.TooMany);
        }

        using var limit = new CancellationTokenSource(settings.ExtractionTimeLimit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            // Off the request's thread, so that a slow plan never holds a thread the server needs for others.
            var extraction = await Task.Run(() => PlanExtractor.Extract(text, linked.Token), linked.Token);
            return (extraction, Outcome.Read);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, Outcome.TooSlow);
        }
    }

    private bool Admit(string who)
    {
        var now = time.GetUtcNow();
        var recent = _recent.GetOrAdd(who, _ => new Queue<DateTimeOffset>());
        lock (recent)
        {
            while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromMinutes(1))
            {
                recent.Dequeue();
            }

            if (recent.Count >= settings.ExtractionsPerMinute)
            {
                return false;
            }

            recent.Enqueue(now);
        }

        // Forget who has not asked for a while, so the table does not grow with every official ever seen.
        if (_recent.Count > 10_000)
        {
            foreach (var (key, queue) in _recent)
            {
                lock (queue)
                {
                    if (queue.Count == 0 || now - queue.Peek() >= TimeSpan.FromMinutes(1))
                    {
                        _recent.TryRemove(key, out _);
                    }
                }
            }
        }

        return true;
    }
}
