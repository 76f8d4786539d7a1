using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrivacyKeyCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "privacy_key_check",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    key_check = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_privacy_key_check", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "privacy_key_check");
        }
    }
}
