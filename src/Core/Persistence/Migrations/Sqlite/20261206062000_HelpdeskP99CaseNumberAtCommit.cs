using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Nothing on SQLite: its one writer holds the write lock for the whole intake anyway, so the intake takes the number
    /// itself. The PostgreSQL migration of this name adds the trigger that numbers a case at commit.
    /// </summary>
    [DbContext(typeof(SqliteChildCareDbContext))]
    [Migration("20261206062000_HelpdeskP99CaseNumberAtCommit")]
    public partial class HelpdeskP99CaseNumberAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
