using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

namespace ChildCare.Core.Persistence;

/// <summary>
/// PostgreSQL's migration SQL without the foreign keys from <c>occurrences.rule_id</c> and <c>planned_rules.rule_id</c>
/// to <c>deadline_rules</c>: the model keeps the relationships (queries navigate from an occurrence to its rule, SQLite
/// checks them), the database does not check them. Their check is a locking query per inserted row, nearly half of what
/// PostgreSQL spent writing a plan's millions of occurrences; the planner writes only the rows of rules it has just
/// read, and rules are never deleted (<see cref="Deadlines.DeadlineRule.DeletedAt"/>), so nothing is left to check.
/// Code, not a hand-edited migration, so that it survives migrations being squashed.
/// </summary>
#pragma warning disable EF1001 // Npgsql's generator takes its options through an internal interface: the only way to extend it.
internal sealed class PostgresMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions options)
    : NpgsqlMigrationsSqlGenerator(dependencies, options)
#pragma warning restore EF1001
{
    /// <summary>The tables whose <see cref="Column"/> is not checked against <c>deadline_rules</c>.</summary>
    public static readonly IReadOnlyList<string> Tables = ["occurrences", "planned_rules"];

    public const string Column = "rule_id";

    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (Tables.Contains(operation.Name))
        {
            operation.ForeignKeys.RemoveAll(IsUnchecked);
        }

        base.Generate(operation, model, builder, terminate);
    }

    protected override void Generate(AddForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!IsUnchecked(operation))
        {
            base.Generate(operation, model, builder, terminate);
        }
    }

    protected override void Generate(DropForeignKeyOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (!Tables.Contains(operation.Table) || !operation.Name.Contains(Column, StringComparison.Ordinal))
        {
            base.Generate(operation, model, builder, terminate);
        }
    }

    private static bool IsUnchecked(AddForeignKeyOperation key) => Tables.Contains(key.Table) && key.Columns is [Column];
}
