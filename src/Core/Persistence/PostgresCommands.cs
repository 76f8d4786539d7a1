using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChildCare.Core.Persistence;

/// <summary>
/// Plain Npgsql commands on a context's own connection, for the fixed statements of the hot paths (the inbox, the
/// outbox): EF Core adds nothing to a statement whose text never changes but its own work at every call (the query's
/// parameters extracted, its cache looked up, its command built), and a text that changes with the number of rows is a
/// new query for it to compile. Values go as typed parameters ($1, $2 …; arrays through unnest or ANY), so each text
/// is prepared once per connection (Max Auto Prepare).
/// </summary>
internal static class PostgresCommands
{
    /// <summary>
    /// A command of <paramref name="sql"/> on <paramref name="db"/>'s connection, opened here; the context closes it
    /// when it is disposed (or goes back to its pool). It takes part in the context's transaction, if one is open.
    /// </summary>
    public static async Task<NpgsqlCommand> CreateAsync(ChildCareDbContext db, string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a positional parameter of type <typeparamref name="T"/> (the next $n).</summary>
    public static NpgsqlCommand With<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }
}
