using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OfficialSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "official_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    official_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_sessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_official_sessions_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_official_sessions_expires_at",
                table: "official_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "IX_official_sessions_official_id_kind",
                table: "official_sessions",
                columns: new[] { "official_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "IX_official_sessions_token_hash",
                table: "official_sessions",
                column: "token_hash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "official_sessions");
        }
    }
}
