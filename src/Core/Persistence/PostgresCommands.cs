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
    /// A command of <paramref name="sql"/> on <paramref name="db"/>'s connection, opened here through EF Core and closed
    /// again when the command is disposed: a pooled context must not go back to its pool holding a connection (it would
    /// keep it from Npgsql's pool while it waits). It takes part in the context's transaction, if one is open (EF Core
    /// then keeps the connection open for it).
    /// </summary>
    public static async Task<PostgresCommand> CreateAsync(ChildCareDbContext db, string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return new PostgresCommand(db, command);
    }
}

/// <summary>An open command of <see cref="PostgresCommands"/>; disposing it closes what opening it opened.</summary>
internal sealed class PostgresCommand(ChildCareDbContext db, NpgsqlCommand command) : IAsyncDisposable
{
    public NpgsqlParameterCollection Parameters => command.Parameters;

    /// <summary>Adds a positional parameter of type <typeparamref name="T"/> (the next $n).</summary>
    public PostgresCommand With<T>(T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return this;
    }

    public Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => command.ExecuteNonQueryAsync(cancellationToken);

    public Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => command.ExecuteScalarAsync(cancellationToken);

    public Task<NpgsqlDataReader> ExecuteReaderAsync(CancellationToken cancellationToken) => command.ExecuteReaderAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await command.DisposeAsync();
        await db.Database.CloseConnectionAsync();
    }
}
