using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ZaloChannelUsers_zalo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "channel_credentials",
                columns: table => new
                {
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    sealed_access_token = table.Column<byte[]>(type: "BLOB", nullable: false),
                    sealed_refresh_token = table.Column<byte[]>(type: "BLOB", nullable: false),
                    access_expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_credentials", x => x.channel);
                });

            migrationBuilder.CreateTable(
                name: "channel_users",
                columns: table => new
                {
                    chat_id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    external_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<long>(type: "INTEGER", nullable: false),
                    last_inbound_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sealed_phone = table.Column<byte[]>(type: "BLOB", nullable: true),
                    pending_choices = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_users", x => x.chat_id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_channel_users_channel_external_id",
                table: "channel_users",
                columns: new[] { "channel", "external_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "channel_credentials");

            migrationBuilder.DropTable(
                name: "channel_users");
        }
    }
}
