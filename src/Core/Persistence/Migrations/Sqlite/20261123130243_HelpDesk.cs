using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HelpDesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_counters",
                columns: table => new
                {
                    case_year = table.Column<int>(type: "INTEGER", nullable: false),
                    last_sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_counters", x => x.case_year);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    year = table.Column<int>(type: "INTEGER", nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    submission_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    reporter_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    stage = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    province_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    commune = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    category = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    danger_now = table.Column<bool>(type: "INTEGER", nullable: false),
                    age_band = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    child_sex = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    suspect = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    contact_consent = table.Column<bool>(type: "INTEGER", nullable: false),
                    photo_count = table.Column<int>(type: "INTEGER", nullable: false),
                    sealed_details = table.Column<byte[]>(type: "BLOB", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sealed_state = table.Column<byte[]>(type: "BLOB", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    has_draft = table.Column<bool>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversations", x => new { x.channel, x.chat_id });
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_code",
                table: "cases",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_reporter_key_received_at",
                table: "cases",
                columns: new[] { "reporter_key", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_stage_received_at",
                table: "cases",
                columns: new[] { "stage", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_submission_id",
                table: "cases",
                column: "submission_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_conversations_has_draft_updated_at",
                table: "conversations",
                columns: new[] { "has_draft", "updated_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_counters");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "conversations");
        }
    }
}
