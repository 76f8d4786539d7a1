using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnitTrackedSince : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "tracked_since",
                table: "units",
                type: "INTEGER",
                nullable: true);

            // A unit followed before this column: since its earliest current member joined, as it was read until now.
            migrationBuilder.Sql("UPDATE units SET tracked_since = (SELECT min(s.since) FROM subscriptions AS s WHERE s.unit_id = units.id)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "tracked_since",
                table: "units");
        }
    }
}
