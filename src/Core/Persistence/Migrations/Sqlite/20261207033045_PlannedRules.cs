using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlannedRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "planned_rules",
                columns: table => new
                {
                    rule_id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planned_rules", x => x.rule_id);
                    table.ForeignKey(
                        name: "FK_planned_rules_deadline_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "deadline_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every rule planned until now keeps its mark, so the first start after the upgrade plans nothing again.
            migrationBuilder.Sql("INSERT INTO planned_rules (rule_id, version) SELECT id, planned_version FROM deadline_rules WHERE planned_version IS NOT NULL");

            // SQLite drops the column itself (3.35 and later): EF Core's DropColumn would rebuild the table with foreign
            // keys off, which cannot be done in the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE deadline_rules DROP COLUMN planned_version");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "planned_version",
                table: "deadline_rules",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.Sql("UPDATE deadline_rules SET planned_version = (SELECT p.version FROM planned_rules AS p WHERE p.rule_id = deadline_rules.id)");

            migrationBuilder.DropTable(
                name: "planned_rules");
        }
    }
}
