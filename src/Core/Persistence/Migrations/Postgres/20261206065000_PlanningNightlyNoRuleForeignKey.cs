using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildCare.Core.Persistence.Migrations.Postgres;

/// <summary>
/// Drops the foreign key from <c>occurrences.rule_id</c> that databases created before
/// <see cref="PostgresMigrationsSqlGenerator"/> still have (it explains why). No model change, so no snapshot change.
/// </summary>
[DbContext(typeof(PostgresChildCareDbContext))]
[Migration("20261206065000_PlanningNightlyNoRuleForeignKey")]
public sealed class PlanningNightlyNoRuleForeignKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""ALTER TABLE occurrences DROP CONSTRAINT IF EXISTS "FK_occurrences_deadline_rules_rule_id";""");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            ALTER TABLE occurrences ADD CONSTRAINT "FK_occurrences_deadline_rules_rule_id"
                FOREIGN KEY (rule_id) REFERENCES deadline_rules (id) ON DELETE CASCADE;
            """);
    }
}
