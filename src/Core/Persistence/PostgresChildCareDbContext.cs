using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Persistence;

/// <summary>The PostgreSQL flavour of <see cref="ChildCareDbContext"/>; its migrations live in Migrations/Postgres.</summary>
public sealed class PostgresChildCareDbContext(DbContextOptions<PostgresChildCareDbContext> options) : ChildCareDbContext(options);
