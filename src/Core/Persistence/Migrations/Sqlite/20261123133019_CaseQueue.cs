using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "emergency_hours",
                table: "units",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "assigned_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "assignee_id",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "closed_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "emergency_hours",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "emergency_started_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "plan_due_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "plan_made_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "referred_to_unit_id",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk",
                table: "cases",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "routed_at",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "unit_id",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "case_alerts",
                columns: table => new
                {
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_alerts", x => new { x.case_id, x.kind });
                    table.ForeignKey(
                        name: "FK_case_alerts_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    sealed_text = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_prompts",
                columns: table => new
                {
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    argument = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_prompts", x => new { x.channel, x.chat_id });
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_referred_to_unit_id",
                table: "cases",
                column: "referred_to_unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_cases_unit_id",
                table: "cases",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_id",
                table: "case_events",
                columns: new[] { "case_id", "id" });

            migrationBuilder.AddForeignKey(
                name: "FK_cases_units_referred_to_unit_id",
                table: "cases",
                column: "referred_to_unit_id",
                principalTable: "units",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_cases_units_unit_id",
                table: "cases",
                column: "unit_id",
                principalTable: "units",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // A case's record is never edited: the database refuses it, whatever code runs.
            migrationBuilder.Sql("CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events cannot be changed or deleted'); END;");
            migrationBuilder.Sql("CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, 'case_events cannot be changed or deleted'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS case_events_no_update; DROP TRIGGER IF EXISTS case_events_no_delete;");

            migrationBuilder.DropForeignKey(
                name: "FK_cases_units_referred_to_unit_id",
                table: "cases");

            migrationBuilder.DropForeignKey(
                name: "FK_cases_units_unit_id",
                table: "cases");

            migrationBuilder.DropTable(
                name: "case_alerts");

            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "case_prompts");

            migrationBuilder.DropIndex(
                name: "IX_cases_referred_to_unit_id",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_unit_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "emergency_hours",
                table: "units");

            migrationBuilder.DropColumn(
                name: "assigned_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "assignee_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "emergency_hours",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "emergency_started_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "plan_due_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "plan_made_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "referred_to_unit_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "risk",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "routed_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "unit_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "version",
                table: "cases");
        }
    }
}
