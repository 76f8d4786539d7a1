using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WebAccountsDeliveryEndpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delivery_endpoints",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    official_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    sealed_keys = table.Column<byte[]>(type: "BLOB", nullable: true),
                    action_secret_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sealed_action_secret = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_endpoints", x => x.id);
                    table.ForeignKey(
                        name: "FK_delivery_endpoints_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "vapid_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    public_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    sealed_private_key = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vapid_keys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_delivery_endpoints_address",
                table: "delivery_endpoints",
                column: "address",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_delivery_endpoints_official_id",
                table: "delivery_endpoints",
                column: "official_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_endpoints");

            migrationBuilder.DropTable(
                name: "vapid_keys");
        }
    }
}
