using System.Runtime.CompilerServices;
using ChildCare.Core.Hosting;
using ChildCare.Core.Persistence;
using Npgsql;

namespace ChildCare.Core.Messaging;

/// <summary>
/// The outbox is sent in parts (<see cref="MessagingSettings.SendPartitions"/>), by chat: all of a chat's messages are in
/// one part, and each part is sent by one node at a time, which holds its advisory lock (<see cref="KeyOf"/>). The
/// chat's pace and order are therefore kept by one dispatcher, as when one node sent everything.
/// </summary>
public static class OutboxPartitions
{
    /// <summary>The lock of the Bot nodes that send (each holds it shared while it runs): counted, they say how many share the parts.</summary>
    public const long NodesKey = LeaderLock.OutboxKey - 1;

    /// <summary>The part of a chat; group chat ids are negative.</summary>
    public static int Of(long chatId, int partitions) => (int)(((chatId % partitions) + partitions) % partitions);

    /// <summary>The advisory lock of part <paramref name="partition"/>; one part keeps the single sender's lock.</summary>
    public static long KeyOf(int partition, int partitions) => partitions == 1 ? LeaderLock.OutboxKey : LeaderLock.OutboxKey + 1 + partition;

    /// <summary>The prefix of the application name on the connections that hold a node's parts and presence.</summary>
    public const string ApplicationName = "childcare-outbox";

    /// <summary>
    /// A dispatcher's name on those connections (PostgreSQL keeps 63 characters): the prefix, a random tag (two dispatchers
    /// in one process, as in tests, are two nodes), the process and the machine.
    /// </summary>
    public static string NodeName()
    {
        var name = $"{ApplicationName} {Guid.NewGuid():N}"[..(ApplicationName.Length + 9)] + $" {Environment.ProcessId}@{Environment.MachineName}";
        return name.Length <= 63 ? name : name[..63];
    }

    /// <summary>
    /// PostgreSQL's connection settings with a new <see cref="NodeName"/> as the application name. A method of its own so
    /// that a SQLite node, which never calls it, never loads Npgsql (issue 21: each assembly loaded stays resident).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static DatabaseSettings NamedAfterNode(DatabaseSettings database) =>
        database with { ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = NodeName() }.ConnectionString };

    /// <summary>How many parts a node should send when <paramref name="nodes"/> nodes share them: ceil(P / nodes).</summary>
    public static int FairShare(int partitions, int nodes) => (partitions + Math.Max(1, nodes) - 1) / Math.Max(1, nodes);
}

/// <summary>
/// The parts this node sends now, and its sends on the wire per part: a part is handed back only once its sends are
/// recorded, and no send of a part starts after it was let go (<see cref="TryStartSend"/>).
/// </summary>
internal sealed class OwnedPartitions(int count)
{
    private readonly Lock _lock = new();
    private readonly bool[] _owned = new bool[count];
    private readonly int[] _inFlight = new int[count];

    // Counts each time a part is taken: a message claimed while the part was held before is not sent after it was
    // handed back and taken again (its row was put back in the queue when it was taken again, and may be claimed anew).
    private readonly int[] _taken = new int[count];
    private int[] _snapshot = [];

    public int Count => count;

    /// <summary>The parts held, in order.</summary>
    public int[] Held
    {
        get
        {
            lock (_lock)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>The parts held, and how many times each part has been taken: pass both to <see cref="TryStartSend"/>.</summary>
    public (int[] Held, int[] Taken) Snapshot()
    {
        lock (_lock)
        {
            return (_snapshot, [.. _taken]);
        }
    }

    public void Add(int partition) => Set(partition, true);

    public void Remove(int partition) => Set(partition, false);

    /// <summary>
    /// Counts a send of <paramref name="partition"/> as on the wire, if this node still sends that part and has held it
    /// since the claim (<paramref name="taken"/>: from <see cref="Snapshot"/> before the claim).
    /// </summary>
    public bool TryStartSend(int partition, int[] taken)
    {
        lock (_lock)
        {
            if (!_owned[partition] || _taken[partition] != taken[partition])
            {
                return false;
            }

            _inFlight[partition]++;
            return true;
        }
    }

    public void EndSend(int partition)
    {
        lock (_lock)
        {
            _inFlight[partition]--;
        }
    }

    public int InFlight(int partition)
    {
        lock (_lock)
        {
            return _inFlight[partition];
        }
    }

    private void Set(int partition, bool owned)
    {
        lock (_lock)
        {
            if (owned && !_owned[partition])
            {
                _taken[partition]++;
            }

            _owned[partition] = owned;
            _snapshot = [.. Enumerable.Range(0, count).Where(p => _owned[p])];
        }
    }
}

/// <summary>
/// PostgreSQL: this node's presence among the nodes that send (a shared advisory lock on <see cref="OutboxPartitions.NodesKey"/>,
/// held on a connection of its own for as long as the dispatcher runs; a node that dies drops it with its connection),
/// and how many nodes are present, read from pg_locks in this database.
/// </summary>
internal sealed class OutboxNodes(DatabaseSettings database) : IAsyncDisposable
{
    private NpgsqlConnection? _presence;

    /// <summary>
    /// How many nodes send (this one included), the fewest parts any of them holds and how many parts are held in all (read
    /// by the node names on the lock connections), or null when the database cannot be reached.
    /// </summary>
    public async Task<(int Nodes, int Fewest, int Held)?> CountAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_presence is null)
            {
                var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    await using var announce = new NpgsqlCommand("SELECT pg_advisory_lock_shared(@key)", connection);
                    announce.Parameters.AddWithValue("key", OutboxPartitions.NodesKey);
                    await announce.ExecuteNonQueryAsync(cancellationToken);
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }

                _presence = connection;
            }

            // A bigint key shows in pg_locks as its high half (classid) and low half (objid), with objsubid 1; the nodes'
            // key and the parts' keys share their high half. Per node (its connections' name): present, and how many parts.
            await using var count = new NpgsqlCommand(
                """
                SELECT count(*)::int, coalesce(min(parts), 0)::int, coalesce(sum(parts), 0)::int FROM (
                    SELECT a.application_name, count(*) FILTER (WHERE l.objid::text::bigint BETWEEN @firstPart AND @firstPart + 63) AS parts
                    FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                    WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                      AND l.classid::text::bigint = @high
                    GROUP BY a.application_name
                    HAVING bool_or(l.objid::text::bigint = @nodes)) AS per_node
                """, _presence);
            count.Parameters.AddWithValue("high", OutboxPartitions.NodesKey >> 32);
            count.Parameters.AddWithValue("nodes", OutboxPartitions.NodesKey & 0xffffffffL);
            count.Parameters.AddWithValue("firstPart", OutboxPartitions.KeyOf(0, 64) & 0xffffffffL);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (Math.Max(1, reader.GetInt32(0)), reader.GetInt32(1), reader.GetInt32(2)) : null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
        {
            await DisposeAsync();
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_presence is { } connection)
        {
            _presence = null;
            await connection.DisposeAsync();
        }
    }
}

/// <summary>
/// This node's share of the bot's rate while the outbox is sent in parts: the dispatcher sets it, and every rate gate
/// attached follows it (<see cref="SendRateGate.Share"/>): the bot's own gate always, and a channel that keeps a gate of its
/// own attaches it, so that its rate too holds over all nodes together.
/// </summary>
public sealed class OutboxShare
{
    private readonly Lock _lock = new();
    private readonly List<SendRateGate> _gates = [];
    private (int Held, int Partitions)? _share;

    public OutboxShare(SendRateGate gate) => Attach(gate);

    /// <summary>Makes <paramref name="gate"/> pass this node's share of its limit, now and whenever it changes.</summary>
    public void Attach(SendRateGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        lock (_lock)
        {
            _gates.Add(gate);
            if (_share is { } share)
            {
                gate.Share(share.Held, share.Partitions);
            }
        }
    }

    /// <summary>This node sends <paramref name="held"/> of the <paramref name="partitions"/> parts.</summary>
    public void Set(int held, int partitions)
    {
        lock (_lock)
        {
            _share = (held, partitions);
            foreach (var gate in _gates)
            {
                gate.Share(held, partitions);
            }
        }
    }
}
