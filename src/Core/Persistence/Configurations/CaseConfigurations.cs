using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

// Enums by name: stored values survive reordering. Snake-case names: case_counters is used in hand-written SQL.
internal sealed class CaseConfiguration : IEntityTypeConfiguration<ChildCase>
{
    public void Configure(EntityTypeBuilder<ChildCase> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Code).HasMaxLength(20);
        builder.HasIndex(c => c.Code).IsUnique();
        builder.HasIndex(c => c.SubmissionId).IsUnique();
        builder.Property(c => c.Channel).HasMaxLength(20);
        builder.Property(c => c.ReporterKey).HasMaxLength(64);
        builder.HasIndex(c => new { c.ReporterKey, c.ReceivedAt });
        builder.Property(c => c.Stage).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.ProvinceCode).HasMaxLength(40);
        builder.Property(c => c.Commune).HasMaxLength(100);
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.AgeBand).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ChildSex).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Suspect).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => new { c.Stage, c.ReceivedAt });
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class CaseCounterConfiguration : IEntityTypeConfiguration<CaseCounter>
{
    public void Configure(EntityTypeBuilder<CaseCounter> builder)
    {
        builder.ToTable("case_counters");
        builder.HasKey(c => c.Year);
        builder.Property(c => c.Year).HasColumnName("case_year").ValueGeneratedNever();
        builder.Property(c => c.Last).HasColumnName("last_sequence");
    }
}

internal sealed class ConversationRecordConfiguration : IEntityTypeConfiguration<ConversationRecord>
{
    public void Configure(EntityTypeBuilder<ConversationRecord> builder)
    {
        builder.ToTable("conversations");
        builder.HasKey(c => new { c.Channel, c.ChatId });
        builder.Property(c => c.Channel).HasMaxLength(20);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.HasDraft, c.UpdatedAt });
        SnakeCase.Columns(builder.Metadata);
    }
}
