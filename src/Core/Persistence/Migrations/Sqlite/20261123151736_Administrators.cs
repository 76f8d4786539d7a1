using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Administrators : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_administrator",
                table: "officials",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "last_signed_in_at",
                table: "officials",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "is_administrator",
                table: "officials");

            migrationBuilder.DropColumn(
                name: "last_signed_in_at",
                table: "officials");
        }
    }
}
