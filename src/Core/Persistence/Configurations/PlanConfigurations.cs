using ChildCare.Core.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

internal sealed class PlanDraftConfiguration : IEntityTypeConfiguration<PlanDraft>
{
    public void Configure(EntityTypeBuilder<PlanDraft> builder)
    {
        builder.ToTable("plan_drafts");
        builder.Property(d => d.Channel).HasMaxLength(20);
        builder.Property(d => d.Title).HasMaxLength(500);
        builder.HasIndex(d => new { d.Channel, d.ChatId }).IsUnique();
        builder.HasIndex(d => d.UpdatedAt);
        SnakeCase.Columns(builder.Metadata);
    }
}
