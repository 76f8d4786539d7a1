using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PrivacySealingAndAuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "text",
                table: "outbox_messages",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_keyboard",
                table: "outbox_messages",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_text",
                table: "outbox_messages",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_payload",
                table: "inbound_updates",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "chain",
                table: "case_events",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "case_events",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_created_at",
                table: "outbox_messages",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_sequence",
                table: "case_events",
                columns: new[] { "case_id", "sequence" },
                unique: true);

            // Texts of messages already sent or given up are not needed: erased now, as they are from now on at sending.
            // Waiting rows keep theirs until sent; the purge job seals any still waiting (the key is not in the database).
            migrationBuilder.Sql("UPDATE outbox_messages SET text = NULL, keyboard = NULL WHERE status NOT IN (0, 1);");

            // REPLACE INTO (INSERT OR REPLACE) deletes the row it collides with without firing delete triggers (SQLite
            // fires them only with recursive_triggers on): an insert that would collide is refused before that.
            migrationBuilder.Sql("""
                CREATE TRIGGER case_events_no_replace BEFORE INSERT ON case_events
                WHEN EXISTS (SELECT 1 FROM case_events WHERE id = NEW.id)
                  OR (NEW.sequence IS NOT NULL AND EXISTS (SELECT 1 FROM case_events WHERE case_id = NEW.case_id AND sequence = NEW.sequence))
                BEGIN SELECT RAISE(ABORT, 'case_events cannot be changed or deleted'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS case_events_no_replace;");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_created_at",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_case_events_case_id_sequence",
                table: "case_events");

            migrationBuilder.DropColumn(
                name: "sealed_keyboard",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "sealed_text",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "sealed_payload",
                table: "inbound_updates");

            migrationBuilder.DropColumn(
                name: "chain",
                table: "case_events");

            migrationBuilder.DropColumn(
                name: "sequence",
                table: "case_events");

            migrationBuilder.AlterColumn<string>(
                name: "text",
                table: "outbox_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
