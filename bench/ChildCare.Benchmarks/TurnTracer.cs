using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildCare.Benchmarks;

/// <summary>
/// Where one turn of a benchmark spent its time, from EF Core's own diagnostic events: each database command
/// (from sending it until its continuation ran, so a wait for a thread is counted in it too), opening connections
/// (a wait for the pool included) and commits. What is left of the turn is CPU in this process and waiting for a
/// thread between two awaits. A turn is traced from <see cref="Begin"/> to <see cref="End"/> on its async flow.
/// </summary>
internal sealed partial class TurnTracer : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private static readonly AsyncLocal<Trace?> Current = new();
    private readonly IDisposable _all;
    private readonly ConcurrentBag<IDisposable> _subscriptions = [];

    public TurnTracer() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public static Trace Begin()
    {
        var trace = new Trace();
        Current.Value = trace;
        return trace;
    }

    public static void End() => Current.Value = null;

    public void Dispose()
    {
        _all.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(value.Subscribe(this));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (Current.Value is not { } trace)
        {
            return;
        }

        switch (value.Value)
        {
            case CommandExecutedEventData executed:
                trace.Command(Statement(executed.Command.CommandText), executed.Duration);
                break;
            case CommandErrorEventData failed:
                trace.Command(Statement(failed.Command.CommandText) + " (failed)", failed.Duration);
                break;
            case ConnectionEndEventData opened when value.Key == RelationalEventId.ConnectionOpened.Name:
                trace.Open(opened.Duration);
                break;
            case TransactionEndEventData committed when value.Key == RelationalEventId.TransactionCommitted.Name:
                trace.Commit(committed.Duration);
                break;
            default:
                break;
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    /// <summary>"SELECT conversations", "INSERT case_counters": the first statement's verb and table.</summary>
    internal static string Statement(string sql)
    {
        var match = StatementPattern().Match(sql);
        if (!match.Success)
        {
            return "other";
        }

        var verb = match.Groups["verb"].Value.ToUpperInvariant();
        var table = match.Groups["table"].Value;
        if (verb == "SELECT")
        {
            var from = FromPattern().Match(sql);
            table = from.Success ? from.Groups["table"].Value : "";
        }

        return $"{verb} {table}".Trim();
    }

    [GeneratedRegex("""^\s*(?<verb>SELECT|INSERT INTO|UPDATE|DELETE FROM)\s+"?(?<table>[a-z_]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex StatementPattern();

    [GeneratedRegex("""\bFROM\s+"?(?<table>[a-z_]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    /// <summary>One turn's time in the database, by statement.</summary>
    internal sealed class Trace
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, double> _byStatement = [];

        public double CommandMs { get; private set; }

        public double OpenMs { get; private set; }

        public double CommitMs { get; private set; }

        public int Commands { get; private set; }

        public IReadOnlyDictionary<string, double> ByStatement
        {
            get
            {
                lock (_lock)
                {
                    return new Dictionary<string, double>(_byStatement);
                }
            }
        }

        public void Command(string statement, TimeSpan duration)
        {
            lock (_lock)
            {
                CommandMs += duration.TotalMilliseconds;
                Commands++;
                _byStatement[statement] = _byStatement.GetValueOrDefault(statement) + duration.TotalMilliseconds;
            }
        }

        public void Open(TimeSpan duration)
        {
            lock (_lock)
            {
                OpenMs += duration.TotalMilliseconds;
            }
        }

        public void Commit(TimeSpan duration)
        {
            lock (_lock)
            {
                CommitMs += duration.TotalMilliseconds;
                _byStatement["COMMIT"] = _byStatement.GetValueOrDefault("COMMIT") + duration.TotalMilliseconds;
            }
        }
    }
}
