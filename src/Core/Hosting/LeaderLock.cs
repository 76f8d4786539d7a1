using ChildCare.Core.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChildCare.Core.Hosting;

/// <summary>
/// Work that one node at a time must do (sending the outbox within the bot's rate limit, long-polling Telegram):
/// see <see cref="LeaderService"/>. On PostgreSQL the leader holds a session advisory lock; when its node dies the connection
/// closes, the lock is released and another node takes over. SQLite has one node, which always leads.
/// </summary>
public sealed class LeaderLock(string role, long key, DatabaseSettings database, TimeProvider time, ILogger logger)
{
    /// <summary>Sends the outbox.</summary>
    public const long OutboxKey = 0x4368696c644f7574; // "ChildOut"

    /// <summary>Long-polls the Telegram Bot API (it allows one consumer per bot).</summary>
    public const long PollingKey = 0x4368696c64506f6c; // "ChildPol"

    /// <summary>Waits until this node leads. SQLite: at once.</summary>
    /// <remarks>
    /// The PostgreSQL work is in methods of their own, so a SQLite node never compiles them and never loads Npgsql
    /// (issue 21: each assembly loaded stays resident).
    /// </remarks>
    public Task<Lease> AcquireAsync(CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Postgres ? AcquirePostgresAsync(cancellationToken) : Task.FromResult(Lease.Sole());

    /// <summary>
    /// One attempt, without waiting: the lease, or null when another node holds it or the database cannot be reached
    /// (for work split in parts, where a node takes the parts nobody holds; see OutboxDispatcher). SQLite: always the lease.
    /// </summary>
    public Task<Lease?> TryAcquireAsync(CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Postgres ? TryAcquirePostgresAsync(cancellationToken) : Task.FromResult<Lease?>(Lease.Sole());

    private async Task<Lease> AcquirePostgresAsync(CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            if (await AttemptAsync(LogLevel.Warning, cancellationToken) is { } lease)
            {
                return lease;
            }

            if (!waiting)
            {
                logger.LogInformation("Hosting: another node {Role}; standing by", role);
                waiting = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
        }
    }

    // A poll that fails now and then is routine for work split in parts; a node waiting to lead says so louder.
    private Task<Lease?> TryAcquirePostgresAsync(CancellationToken cancellationToken) => AttemptAsync(LogLevel.Debug, cancellationToken);

    /// <summary>One try for the advisory lock on a connection of its own; null when another node holds it or the database cannot be reached (logged at <paramref name="unreachable"/>).</summary>
    private async Task<Lease?> AttemptAsync(LogLevel unreachable, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                logger.LogInformation("Hosting: this node now {Role}", role);
                var lost = new CancellationTokenSource();
                return new Lease(connection, lost, WatchAsync(connection, lost));
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.Log(unreachable, "Hosting: cannot reach the database to lead ({Role}): {Error}", role, e.GetType().Name);
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Checks the lock's connection every few seconds; a broken one means the lead is lost.</summary>
    private async Task WatchAsync(NpgsqlConnection connection, CancellationTokenSource lost)
    {
        try
        {
            while (!lost.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), time, lost.Token);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(lost.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Released.
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning("Hosting: lost the lead ({Role}): {Error}", role, e.GetType().Name);
            await lost.CancelAsync();
        }
    }

    /// <summary>A lead held; <paramref name="connection"/> holds the lock (none on SQLite).</summary>
    public sealed class Lease(IAsyncDisposable? connection, CancellationTokenSource lost, Task watcher) : IAsyncDisposable
    {
        public CancellationToken Lost => lost.Token;

        /// <summary>The lead of the only node (SQLite): nothing to hold, never lost.</summary>
        internal static Lease Sole() => new(null, new CancellationTokenSource(), Task.CompletedTask);

        public async ValueTask DisposeAsync()
        {
            await lost.CancelAsync();
            await watcher;
            if (connection is not null)
            {
                // Closing the session releases the advisory lock.
                await connection.DisposeAsync();
            }

            lost.Dispose();
        }
    }
}
