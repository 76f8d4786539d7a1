using ChildCare.Core.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChildCare.Core.Messaging;

/// <summary>
/// PostgreSQL: wakes this node's dispatcher (<see cref="OutboxSignal"/>) when any node enqueues. Every transaction
/// that stores outbox rows sends one NOTIFY on <see cref="Channel"/> (<see cref="OutboxStore"/>), delivered once it
/// commits; the leading dispatcher LISTENs on a connection of its own while it leads, so a reply enqueued on another
/// node goes out at once instead of at the leader's next poll. The poll stays as the fallback: a dropped connection
/// is opened again after <see cref="RetryAfter"/>, and wakes the dispatcher once, for what was enqueued meanwhile.
/// Nothing on SQLite, which one node works.
/// </summary>
public sealed partial class OutboxListener(DatabaseSettings database, OutboxSignal signal, TimeProvider time, ILogger<OutboxListener> logger)
{
    /// <summary>The notification channel: the payload is empty, the dispatcher claims what is due.</summary>
    public const string Channel = "childcare_outbox";

    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>How often a quiet connection is checked, so one that died without a word is noticed.</summary>
    private const int KeepAliveSeconds = 15;

    /// <summary>Listens until <paramref name="cancellationToken"/> is cancelled; returns at once on SQLite.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        // SQLite has no LISTEN; the PostgreSQL loop is a method of its own so a SQLite node never loads Npgsql (issue 21).
        database.Provider == DatabaseProvider.Postgres ? ListenAsync(cancellationToken) : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            KeepAlive = KeepAliveSeconds,
        }.ConnectionString;
        var lost = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                connection.Notification += (_, _) => signal.Notify();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                if (lost)
                {
                    LogListening();
                    lost = false;
                }

                // What was enqueued while nobody listened.
                signal.Notify();
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or IOException or InvalidOperationException)
            {
                if (!lost)
                {
                    LogLost(e.GetType().Name, RetryAfter.TotalSeconds);
                    lost = true;
                }
            }

            try
            {
                await Task.Delay(RetryAfter, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messaging: the outbox's wake-up connection failed ({Error}); polling meanwhile, reconnecting every {Seconds} s")]
    private partial void LogLost(string error, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging: the outbox's wake-up connection is back")]
    private partial void LogListening();
}
