using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChildCare.Core.Persistence;

/// <summary>
/// Multi-row <c>INSERT … ON CONFLICT DO NOTHING</c>, the same SQL on SQLite and PostgreSQL: planning writes
/// hundreds of thousands of rows and must be idempotent, which EF Core's change tracker is neither fast nor
/// able to express.
/// </summary>
internal static class BulkSql
{
    // SQLite allows 32,766 parameters and PostgreSQL 65,535; a few thousand keeps statements quick to plan.
    private const int MaxParameters = 3000;

    /// <summary>Inserts <paramref name="rows"/>, skipping those that would violate <paramref name="conflict"/>.</summary>
    /// <returns>The rows inserted.</returns>
    public static async Task<int> InsertIgnoringDuplicatesAsync(
        ChildCareDbContext db,
        string table,
        IReadOnlyList<string> columns,
        string conflict,
        IEnumerable<object?[]> rows,
        CancellationToken cancellationToken)
    {
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        var inserted = 0;

        // EF Core maps raw SQL values by their CLR type, and a null has none: pass a typeless provider parameter,
        // made by one command kept for the whole call rather than one per null value.
        using var parameterSource = db.Database.GetDbConnection().CreateCommand();
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var sql = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ");
            var parameters = new object?[chunk.Length * columns.Count];
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var index = (r * columns.Count) + c;
                    parameters[index] = chunk[r][c] ?? NullParameter(parameterSource);
                    sql.Append(c == 0 ? "" : ", ").Append('{').Append(index.ToString(CultureInfo.InvariantCulture)).Append('}');
                }

                sql.Append(')');
            }

            sql.Append(CultureInfo.InvariantCulture, $" ON CONFLICT ({conflict}) DO NOTHING");
            inserted += await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters!, cancellationToken);
        }

        return inserted;
    }

    /// <summary>
    /// Inserts rows that a read in the same transaction found missing: on PostgreSQL with binary <c>COPY</c> on the
    /// connection EF Core uses (several times faster than multi-row inserts, and no SQL text to build), elsewhere
    /// with <see cref="InsertIgnoringDuplicatesAsync"/>. A writer that inserted some of them since the read makes the
    /// <c>COPY</c> fail as a whole: it is rolled back to a savepoint and the rows go through
    /// <see cref="InsertIgnoringDuplicatesAsync"/>, so the call stays idempotent. <c>rows</c> is enumerated again then.
    /// <typeparamref name="TRow"/> writes one row's values in column order (typed, unboxed: millions of rows are a few
    /// seconds of CPU less) and gives them for the SQL path (<see cref="ICopyRow{TRow}"/>). Its writer is no delegate the
    /// caller makes: a delegate over Npgsql's importer would load Npgsql on SQLite too, to compile the caller (issue 21).
    /// </summary>
    /// <returns>The rows inserted.</returns>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public static async Task<int> InsertNewAsync<TRow>(
        ChildCareDbContext db,
        string table,
        IReadOnlyList<string> columns,
        string conflict,
        IEnumerable<TRow> rows,
        CancellationToken cancellationToken)
        where TRow : ICopyRow<TRow>
    {
        if (!db.IsPostgres)
        {
            return await InsertIgnoringDuplicatesAsync(db, table, columns, conflict, rows.Select(row => TRow.Values(row)), cancellationToken);
        }

        return await InsertOrSkipTakenAsync(
            db,
            async () =>
            {
                var connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await using var writer = await connection.BeginBinaryImportAsync(
                    $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
                foreach (var row in rows)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await TRow.WriteAsync(writer, row, cancellationToken);
                }

                return checked((int)await writer.CompleteAsync(cancellationToken));
            },
            () => InsertIgnoringDuplicatesAsync(db, table, columns, conflict, rows.Select(row => TRow.Values(row)), cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// PostgreSQL, inside the caller's transaction: runs <paramref name="insert"/> (a plain insert: the fast path) under
    /// a savepoint; when another writer inserted some of the rows since they were read (a unique violation) or the two
    /// deadlocked, rolls back to the savepoint and runs <paramref name="skippingTaken"/>, which inserts the same rows
    /// skipping those already there. The call stays idempotent.
    /// </summary>
    /// <returns>The rows inserted.</returns>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public static async Task<int> InsertOrSkipTakenAsync(ChildCareDbContext db, Func<Task<int>> insert, Func<Task<int>> skippingTaken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(insert);
        ArgumentNullException.ThrowIfNull(skippingTaken);
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Bulk inserts run inside a transaction.");
        const string Savepoint = "bulk_insert";
        await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
        try
        {
            return await insert();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
        {
            await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
            return await skippingTaken();
        }
    }

    private static System.Data.Common.DbParameter NullParameter(System.Data.Common.DbCommand source)
    {
        var parameter = source.CreateParameter();
        parameter.Value = DBNull.Value;
        return parameter;
    }
}

/// <summary>A row <see cref="BulkSql.InsertNewAsync{TRow}"/> can write: by binary <c>COPY</c> on PostgreSQL, as values elsewhere.</summary>
internal interface ICopyRow<TRow>
{
    /// <summary>The row's values in column order, for a multi-row insert.</summary>
    static abstract object?[] Values(TRow row);

    /// <summary>Writes the row's values in column order, typed, to a started <c>COPY</c> row.</summary>
    static abstract Task WriteAsync(NpgsqlBinaryImporter writer, TRow row, CancellationToken cancellationToken);
}
