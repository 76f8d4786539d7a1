using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EditableDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "directory_edits",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    subject = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_edits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_guidance",
                columns: table => new
                {
                    topic = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    text = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: false),
                    updated_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_guidance", x => new { x.topic, x.language });
                });

            migrationBuilder.CreateTable(
                name: "directory_hotlines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shipped_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name_vi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    province_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    hours = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cost = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    last_checked = table.Column<DateOnly>(type: "date", nullable: false),
                    purpose_vi = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    purpose_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_hotlines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_places",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    province_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    commune = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_vi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    hours = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_checked = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_places", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_version", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "directory_version",
                columns: new[] { "id", "version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_directory_edits_at",
                table: "directory_edits",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_directory_hotlines_shipped_number",
                table: "directory_hotlines",
                column: "shipped_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_directory_places_province_code_commune",
                table: "directory_places",
                columns: new[] { "province_code", "commune" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "directory_edits");

            migrationBuilder.DropTable(
                name: "directory_guidance");

            migrationBuilder.DropTable(
                name: "directory_hotlines");

            migrationBuilder.DropTable(
                name: "directory_places");

            migrationBuilder.DropTable(
                name: "directory_version");
        }
    }
}
