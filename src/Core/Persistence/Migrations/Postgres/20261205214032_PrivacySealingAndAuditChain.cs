using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Postgres
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
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_keyboard",
                table: "outbox_messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_text",
                table: "outbox_messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "sealed_payload",
                table: "inbound_updates",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "chain",
                table: "case_events",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "sequence",
                table: "case_events",
                type: "integer",
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

            // TRUNCATE fires no row trigger: a statement trigger (the CaseQueue migration's function) refuses it,
            // also when cascaded from cases.
            migrationBuilder.Sql("""
                CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
                  FOR EACH STATEMENT EXECUTE FUNCTION case_events_are_final();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS case_events_no_truncate ON case_events;");

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
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
