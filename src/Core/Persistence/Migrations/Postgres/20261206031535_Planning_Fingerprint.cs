using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Planning_Fingerprint : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_occurrences_units_unit_id",
                table: "occurrences");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "planned_version",
                table: "deadline_rules",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "planning_horizon",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    planned_through = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planning_horizon", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "planning_horizon");

            migrationBuilder.DropColumn(
                name: "planned_version",
                table: "deadline_rules");

            migrationBuilder.AddForeignKey(
                name: "FK_occurrences_units_unit_id",
                table: "occurrences",
                column: "unit_id",
                principalTable: "units",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
