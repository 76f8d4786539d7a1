using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Persistence;

/// <summary>The SQLite flavour of <see cref="ChildCareDbContext"/>; its migrations live in Migrations/Sqlite.</summary>
public sealed class SqliteChildCareDbContext(DbContextOptions<SqliteChildCareDbContext> options) : ChildCareDbContext(options);
