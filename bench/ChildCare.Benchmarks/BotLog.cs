using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ChildCare.Benchmarks;

/// <summary>
/// The Bot's warnings and errors during a run, shown under the figures as counts of each distinct line
/// rather than interleaved with them. In process they are captured by <see cref="Provider"/>; from a child
/// process they are picked out of its console output.
/// </summary>
internal static class BotLog
{
    private static readonly string[] Levels = ["warn: ", "fail: ", "crit: "];

    /// <summary>The warning and error lines of the single-line console format, without their timestamps.</summary>
    public static List<string> Problems(string consoleOutput) =>
        [.. consoleOutput.Split('\n')
            .Select(line => Levels.Select(level => line.IndexOf(level, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min() is var at and >= 0 ? line[at..].TrimEnd() : null)
            .OfType<string>()];

    public static void Print(IReadOnlyCollection<string> problems)
    {
        Console.WriteLine();
        Console.WriteLine($"  Bot log: {problems.Count:N0} warning/error line(s){(problems.Count > 0 ? ", most frequent first:" : "")}");
        foreach (var group in problems.GroupBy(p => p, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Take(5))
        {
            Console.WriteLine($"    {group.Count(),6:N0} × {group.Key}");
        }
    }

    /// <summary>Keeps the in-process Bot's warnings and errors, one line each, in the console format's words.</summary>
    internal sealed class Provider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    var level = logLevel switch { LogLevel.Warning => "warn", LogLevel.Error => "fail", _ => "crit" };
                    lines.Enqueue($"{level}: {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name})")}");
                }
            }
        }
    }
}
