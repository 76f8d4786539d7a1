using Microsoft.EntityFrameworkCore.Migrations;

namespace ChildCare.Core.Persistence;

/// <summary>
/// The one place for SQL that EF Core's model cannot express, per provider: the database itself refuses to change the
/// case record (<c>case_events</c>). Called from each provider's Initial migration; a later migration that needs
/// provider-specific SQL adds it here too, for both providers.
/// </summary>
internal static class AuditTriggers
{
    private const string Refusal = "case_events cannot be changed or deleted";

    /// <summary>
    /// SQLite: no update, no delete, and no <c>REPLACE INTO</c> (it deletes the row it collides with without firing
    /// delete triggers unless recursive_triggers is on, so an insert that would collide is refused before that).
    /// </summary>
    public static void CreateSqlite(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;");
        migrationBuilder.Sql($"CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;");
        migrationBuilder.Sql($"""
            CREATE TRIGGER case_events_no_replace BEFORE INSERT ON case_events
            WHEN EXISTS (SELECT 1 FROM case_events WHERE id = NEW.id)
              OR (NEW.sequence IS NOT NULL AND EXISTS (SELECT 1 FROM case_events WHERE case_id = NEW.case_id AND sequence = NEW.sequence))
            BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
            """);
    }

    public static void DropSqlite(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS case_events_no_update; DROP TRIGGER IF EXISTS case_events_no_delete; DROP TRIGGER IF EXISTS case_events_no_replace;");
    }

    /// <summary>PostgreSQL: no update or delete of a row, and no TRUNCATE (which fires no row trigger), also when cascaded from cases.</summary>
    public static void CreatePostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql($"""
            CREATE FUNCTION case_events_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{Refusal}';
            END $$;
            CREATE TRIGGER case_events_final BEFORE UPDATE OR DELETE ON case_events
                FOR EACH ROW EXECUTE FUNCTION case_events_are_final();
            CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
                FOR EACH STATEMENT EXECUTE FUNCTION case_events_are_final();
            """);
    }

    public static void DropPostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS case_events_no_truncate ON case_events; DROP TRIGGER IF EXISTS case_events_final ON case_events; DROP FUNCTION IF EXISTS case_events_are_final();");
    }
}
