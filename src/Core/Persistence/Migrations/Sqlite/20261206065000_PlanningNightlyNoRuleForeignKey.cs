using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildCare.Core.Persistence.Migrations.Sqlite;

/// <summary>
/// Nothing on SQLite, where the foreign key from <c>occurrences.rule_id</c> stays (its check is one lookup, and dropping
/// it means rebuilding the table); the PostgreSQL migration of this name drops it there
/// (<see cref="PostgresMigrationsSqlGenerator"/> says why). Kept so that both providers have the same migrations.
/// </summary>
[DbContext(typeof(SqliteChildCareDbContext))]
[Migration("20261206065000_PlanningNightlyNoRuleForeignKey")]
public sealed class PlanningNightlyNoRuleForeignKey : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
