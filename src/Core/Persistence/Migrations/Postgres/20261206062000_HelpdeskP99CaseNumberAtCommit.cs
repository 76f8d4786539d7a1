using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Postgres
{
    /// <summary>A case's number is taken as its intake commits (Persistence/AuditTriggers.cs); the model is unchanged.</summary>
    [DbContext(typeof(PostgresChildCareDbContext))]
    [Migration("20261206062000_HelpdeskP99CaseNumberAtCommit")]
    public partial class HelpdeskP99CaseNumberAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => AuditTriggers.CreateCaseNumbersPostgres(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => AuditTriggers.DropCaseNumbersPostgres(migrationBuilder);
    }
}
