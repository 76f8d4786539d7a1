using System.Diagnostics;

namespace ChildCare.ReliabilityTests.Infrastructure;

/// <summary>
/// Stops and starts the throwaway PostgreSQL cluster the tests run beside, through the script
/// scripts/with-postgres.sh exports as CHILDCARE_TEST_PG_CTL. Without it the test fails with the reason: it is
/// never skipped.
/// </summary>
internal static class PostgresCluster
{
    public const string EnvironmentVariable = "CHILDCARE_TEST_PG_CTL";

    /// <summary>A fast shutdown: every session is cut, as when the database server restarts.</summary>
    public static Task StopAsync() => RunAsync("stop");

    public static Task StartAsync() => RunAsync("start");

    private static async Task RunAsync(string verb)
    {
        var script = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: this test restarts PostgreSQL and runs under scripts/with-postgres.sh (scripts/reliability.sh does that).");
        var info = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(verb);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{script} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {verb} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
