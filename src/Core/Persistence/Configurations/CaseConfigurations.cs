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
        builder.Property(c => c.LegacyCommune).HasMaxLength(100);
        builder.Property(c => c.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.AgeBand).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ChildSex).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Suspect).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => new { c.Stage, c.ReceivedAt });
        builder.Property(c => c.Risk).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Ignore(c => c.IsOpen);
        builder.Ignore(c => c.EmergencyDueAt);
        builder.Ignore(c => c.NextStages);
        builder.HasOne<Units.Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Units.Unit>().WithMany().HasForeignKey(c => c.ReferredToUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.UnitId);
        SnakeCase.Columns(builder.Metadata);
        builder.Property(c => c.LegacyCommune).HasColumnName("commune");
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("case_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(80);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.Detail).HasMaxLength(200);
        builder.HasOne<ChildCase>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.CaseId, e.Id });
        builder.Ignore(e => e.Ordinal);
        // One line per place in a case's chain: two nodes that raced past the lock could not both add line n.
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).IsUnique();
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class CaseAlertConfiguration : IEntityTypeConfiguration<CaseAlert>
{
    public void Configure(EntityTypeBuilder<CaseAlert> builder)
    {
        builder.ToTable("case_alerts");
        builder.HasKey(a => new { a.CaseId, a.Kind });
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(30);
        builder.HasOne<ChildCase>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Restrict);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class CasePromptConfiguration : IEntityTypeConfiguration<CasePrompt>
{
    public void Configure(EntityTypeBuilder<CasePrompt> builder)
    {
        builder.ToTable("case_prompts");
        builder.HasKey(p => new { p.Channel, p.ChatId });
        builder.Property(p => p.Channel).HasMaxLength(20);
        builder.Property(p => p.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Argument).HasMaxLength(40);
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
