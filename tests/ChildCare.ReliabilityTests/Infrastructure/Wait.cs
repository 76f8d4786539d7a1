using System.Diagnostics;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>Polls a condition until it holds; a timeout fails the test with what was awaited.</summary>
internal static class Wait
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        if (!await TryUntilAsync(condition, timeout))
        {
            throw new TimeoutException($"Not within {timeout.TotalSeconds:F0} s: {what}.");
        }
    }

    /// <summary>Whether the condition came to hold within <paramref name="timeout"/>.</summary>
    public static async Task<bool> TryUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
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

            await Task.Delay(50);
        }
    }
}
