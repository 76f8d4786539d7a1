using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlanningFast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_occurrences_due_date_status",
                table: "occurrences");

            migrationBuilder.CreateIndex(
                name: "IX_occurrences_due_date_status",
                table: "occurrences",
                columns: new[] { "due_date", "status" },
                filter: "NOT backfilled");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_occurrences_due_date_status",
                table: "occurrences");

            migrationBuilder.CreateIndex(
                name: "IX_occurrences_due_date_status",
                table: "occurrences",
                columns: new[] { "due_date", "status" });
        }
    }
}
