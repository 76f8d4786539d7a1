using ChildCare.Core.Officials;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

internal sealed class OfficialSessionConfiguration : IEntityTypeConfiguration<OfficialSession>
{
    public void Configure(EntityTypeBuilder<OfficialSession> builder)
    {
        builder.ToTable("official_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.HasIndex(s => s.TokenHash).IsUnique();
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(s => new { s.OfficialId, s.Kind });
        builder.HasIndex(s => s.ExpiresAt);
        // An official who is removed takes their links and sessions along.
        builder.HasOne<Official>().WithMany().HasForeignKey(s => s.OfficialId).OnDelete(DeleteBehavior.Cascade);
        SnakeCase.Columns(builder.Metadata);
    }
}
