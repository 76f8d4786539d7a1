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

    /// <summary>
    /// PostgreSQL: a case inserted under a placeholder code (one that starts with "~", see <c>CaseIntake</c>) takes the
    /// next number of its year as its transaction commits, in a deferred constraint trigger. The year's counter row is
    /// then locked only inside the commit, never while the intake's process works or waits for a thread between two
    /// statements: every intake in the country queues on that row, so a lock held across round trips made 32 chats
    /// filing at once wait seconds for each other. A transaction rolled back never took a number, so codes have no gaps.
    /// The code's format is <c>CaseCode.Format</c>'s.
    /// </summary>
    public static void CreateCaseNumbersPostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("""
            CREATE FUNCTION cases_take_number() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                taken bigint;
            BEGIN
                INSERT INTO case_counters (case_year, last_sequence) VALUES (NEW.year, 1)
                    ON CONFLICT (case_year) DO UPDATE SET last_sequence = case_counters.last_sequence + 1
                    RETURNING last_sequence INTO taken;
                UPDATE cases SET sequence = taken,
                    code = 'TE-' || lpad(NEW.year::text, 4, '0') || '-' || lpad(taken::text, greatest(6, length(taken::text)), '0')
                    WHERE id = NEW.id;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER cases_number_at_commit AFTER INSERT ON cases DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (NEW.code LIKE '~%') EXECUTE FUNCTION cases_take_number();
            """);
    }

    public static void DropCaseNumbersPostgres(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS cases_number_at_commit ON cases; DROP FUNCTION IF EXISTS cases_take_number();");
    }
}
