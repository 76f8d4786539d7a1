using ChildCare.Core.Deadlines;
using ChildCare.Core.Officials;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

// Snake-case names: occurrences and reminders are planned with hand-written bulk SQL on both providers.
internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ToTable("units");
        builder.Property(u => u.Id).HasColumnName("id");
        builder.Property(u => u.Code).HasColumnName("code").HasMaxLength(Unit.MaxCodeLength);
        builder.Property(u => u.ParentId).HasColumnName("parent_id");
        builder.Property(u => u.NameVi).HasColumnName("name_vi").HasMaxLength(200);
        builder.Property(u => u.NameEn).HasColumnName("name_en").HasMaxLength(200);
        builder.Property(u => u.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.EmergencyHours).HasColumnName("emergency_hours");
        builder.Property(u => u.TrackedSince).HasColumnName("tracked_since");
        builder.HasIndex(u => u.Code).IsUnique();
        builder.HasOne<Unit>().WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OfficialConfiguration : IEntityTypeConfiguration<Official>
{
    public void Configure(EntityTypeBuilder<Official> builder)
    {
        builder.ToTable("officials");
        builder.Property(o => o.Id).HasColumnName("id");
        builder.Property(o => o.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(o => o.ChatId).HasColumnName("chat_id");
        builder.Property(o => o.DisplayName).HasColumnName("display_name").HasMaxLength(100);
        builder.Property(o => o.Language).HasColumnName("language").HasConversion<string>().HasMaxLength(5);
        builder.Property(o => o.JoinedAt).HasColumnName("joined_at");
        builder.Property(o => o.IsAdministrator).HasColumnName("is_administrator");
        builder.Property(o => o.LastSignedInAt).HasColumnName("last_signed_in_at");
        builder.HasIndex(o => new { o.Channel, o.ChatId }).IsUnique();
        builder.HasMany(o => o.Subscriptions).WithOne(s => s.Official).HasForeignKey(s => s.OfficialId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> builder)
    {
        builder.ToTable("subscriptions");
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.OfficialId).HasColumnName("official_id");
        builder.Property(s => s.UnitId).HasColumnName("unit_id");
        builder.Property(s => s.Role).HasColumnName("role").HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.Since).HasColumnName("since");
        builder.HasIndex(s => new { s.OfficialId, s.UnitId, s.Role }).IsUnique();
        builder.HasIndex(s => new { s.UnitId, s.Role });
        builder.HasOne(s => s.Unit).WithMany().HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InviteConfiguration : IEntityTypeConfiguration<Invite>
{
    public void Configure(EntityTypeBuilder<Invite> builder)
    {
        builder.ToTable("invites");
        builder.Property(i => i.Id).HasColumnName("id");
        builder.Property(i => i.CodeHash).HasColumnName("code_hash").HasMaxLength(64);
        builder.Property(i => i.UnitId).HasColumnName("unit_id");
        builder.Property(i => i.Role).HasColumnName("role").HasConversion<string>().HasMaxLength(30);
        builder.Property(i => i.CreatedAt).HasColumnName("created_at");
        builder.Property(i => i.ExpiresAt).HasColumnName("expires_at");
        builder.Property(i => i.MaxUses).HasColumnName("max_uses");
        builder.Property(i => i.Uses).HasColumnName("uses").IsConcurrencyToken();
        builder.HasIndex(i => i.CodeHash).IsUnique();
        builder.HasOne(i => i.Unit).WithMany().HasForeignKey(i => i.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeadlineRuleConfiguration : IEntityTypeConfiguration<DeadlineRule>
{
    public void Configure(EntityTypeBuilder<DeadlineRule> builder)
    {
        builder.ToTable("deadline_rules");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Code).HasColumnName("code").HasMaxLength(200);
        builder.Property(r => r.UnitId).HasColumnName("unit_id");
        builder.Property(r => r.Role).HasColumnName("role").HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.TitleVi).HasColumnName("title_vi").HasMaxLength(500);
        builder.Property(r => r.TitleEn).HasColumnName("title_en").HasMaxLength(500);
        builder.Property(r => r.Recurrence).HasColumnName("recurrence").HasMaxLength(100);
        builder.Property(r => r.LeadDays).HasColumnName("lead_days").HasMaxLength(100);
        builder.Property(r => r.ValidFrom).HasColumnName("valid_from");
        builder.Property(r => r.ValidUntil).HasColumnName("valid_until");
        builder.Property(r => r.PlanCode).HasColumnName("plan_code").HasMaxLength(100);
        builder.Property(r => r.PlanTitle).HasColumnName("plan_title").HasMaxLength(500);
        builder.Property(r => r.Source).HasColumnName("source").HasMaxLength(1000);
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        builder.Property(r => r.DeletedAt).HasColumnName("deleted_at");
        builder.HasIndex(r => r.Code).IsUnique();
        builder.HasIndex(r => r.UnitId);
        builder.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Themes).WithOne().HasForeignKey(t => t.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventThemeConfiguration : IEntityTypeConfiguration<EventTheme>
{
    public void Configure(EntityTypeBuilder<EventTheme> builder)
    {
        builder.ToTable("event_themes");
        builder.HasKey(t => new { t.RuleId, t.Year });
        builder.Property(t => t.RuleId).HasColumnName("rule_id");
        builder.Property(t => t.Year).HasColumnName("year");
        builder.Property(t => t.ThemeVi).HasColumnName("theme_vi").HasMaxLength(500);
        builder.Property(t => t.ThemeEn).HasColumnName("theme_en").HasMaxLength(500);
    }
}

internal sealed class PlanningHorizonConfiguration : IEntityTypeConfiguration<PlanningHorizon>
{
    public void Configure(EntityTypeBuilder<PlanningHorizon> builder)
    {
        builder.ToTable("planning_horizon");
        builder.Property(h => h.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(h => h.PlannedThrough).HasColumnName("planned_through");
    }
}

internal sealed class PlannedRuleConfiguration : IEntityTypeConfiguration<PlannedRule>
{
    public void Configure(EntityTypeBuilder<PlannedRule> builder)
    {
        builder.ToTable("planned_rules");
        builder.HasKey(p => p.RuleId);
        builder.Property(p => p.RuleId).HasColumnName("rule_id").ValueGeneratedNever();
        builder.Property(p => p.Version).HasColumnName("version");
        // On PostgreSQL the database does not check this one (PostgresMigrationsSqlGenerator says why).
        builder.HasOne<DeadlineRule>().WithOne().HasForeignKey<PlannedRule>(p => p.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OccurrenceConfiguration : IEntityTypeConfiguration<Occurrence>
{
    public void Configure(EntityTypeBuilder<Occurrence> builder)
    {
        builder.ToTable("occurrences");
        builder.Property(o => o.Id).HasColumnName("id");
        builder.Property(o => o.RuleId).HasColumnName("rule_id");
        builder.Property(o => o.UnitId).HasColumnName("unit_id");
        builder.Property(o => o.DueDate).HasColumnName("due_date");
        builder.Property(o => o.EndDate).HasColumnName("end_date");
        builder.Property(o => o.Status).HasColumnName("status");
        builder.Property(o => o.Backfilled).HasColumnName("backfilled");
        builder.Property(o => o.DoneAt).HasColumnName("done_at");
        builder.Property(o => o.DoneByOfficialId).HasColumnName("done_by_official_id");
        builder.HasIndex(o => new { o.RuleId, o.DueDate }).IsUnique();
        // The readers by date alone (reminders, escalations, the upcoming list) want only what is still to come:
        // backfilled rows (the part of the year already past when planned, about half of a first plan) stay out
        // of this index, which spares planning their upkeep. The filter is the same SQL on both providers; a query
        // uses the index only when it says !Backfilled too.
        builder.HasIndex(o => new { o.DueDate, o.Status }).HasFilter("NOT backfilled");
        builder.HasIndex(o => new { o.UnitId, o.DueDate });
        // On PostgreSQL the database does not check this one (PostgresMigrationsSqlGenerator says why).
        builder.HasOne(o => o.Rule).WithMany().HasForeignKey(o => o.RuleId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to units: unit_id is the rule's unit (whose own key is checked) copied for the per-unit
        // queries, and units are never deleted. Checking it again cost a quarter of planning's time on PostgreSQL.
    }
}

internal sealed class ReminderConfiguration : IEntityTypeConfiguration<Reminder>
{
    public void Configure(EntityTypeBuilder<Reminder> builder)
    {
        builder.ToTable("reminders");
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.OccurrenceId).HasColumnName("occurrence_id");
        builder.Property(r => r.OfficialId).HasColumnName("official_id");
        builder.Property(r => r.Kind).HasColumnName("kind");
        builder.Property(r => r.LeadDays).HasColumnName("lead_days");
        builder.Property(r => r.SendAt).HasColumnName("send_at");
        builder.Property(r => r.Status).HasColumnName("status");
        builder.Property(r => r.SentAt).HasColumnName("sent_at");
        builder.Property(r => r.Late).HasColumnName("late");
        builder.HasIndex(r => new { r.OccurrenceId, r.OfficialId, r.Kind, r.LeadDays }).IsUnique();
        builder.HasIndex(r => new { r.Status, r.SendAt });
        builder.HasIndex(r => r.OfficialId);
        builder.HasOne(r => r.Occurrence).WithMany().HasForeignKey(r => r.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Official>().WithMany().HasForeignKey(r => r.OfficialId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HolidayScheduleRecordConfiguration : IEntityTypeConfiguration<Calendar.HolidayScheduleRecord>
{
    public void Configure(EntityTypeBuilder<Calendar.HolidayScheduleRecord> builder)
    {
        builder.ToTable("holiday_schedules");
        builder.HasKey(r => r.Year);
        builder.Property(r => r.Year).HasColumnName("year").ValueGeneratedNever();
        builder.Property(r => r.Json).HasColumnName("json");
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at");
    }
}
