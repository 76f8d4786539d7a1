using System.Diagnostics;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>Polls a condition until it holds; a timeout fails the test with what was awaited.</summary>
internal static class Wait
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    /// <param name="condition">Checked every <paramref name="every"/> (50 ms unless given).</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="what">What was awaited, for the failure.</param>
    /// <param name="every">How often to check; a check that opens a database connection wants it longer.</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        if (!await TryUntilAsync(condition, timeout, every))
        {
            throw new TimeoutException($"Not within {timeout.TotalSeconds:F0} s: {what}.");
        }
    }

    /// <summary>Whether the condition came to hold within <paramref name="timeout"/>.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(50));
        }
    }
}
