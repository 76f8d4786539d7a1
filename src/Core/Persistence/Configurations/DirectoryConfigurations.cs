using ChildCare.Core.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

// The administrators' layer over the shipped directory. Enums by name; snake-case columns.
internal sealed class HotlineRecordConfiguration : IEntityTypeConfiguration<HotlineRecord>
{
    public void Configure(EntityTypeBuilder<HotlineRecord> builder)
    {
        builder.ToTable("directory_hotlines");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.ShippedNumber).HasMaxLength(DirectoryRules.MaxNumber);
        // One override per shipped line (several NULLs, the added lines, are allowed on both providers).
        builder.HasIndex(h => h.ShippedNumber).IsUnique();
        builder.Property(h => h.Number).HasMaxLength(DirectoryRules.MaxNumber);
        builder.Property(h => h.NameVi).HasMaxLength(DirectoryRules.MaxName);
        builder.Property(h => h.NameEn).HasMaxLength(DirectoryRules.MaxName);
        builder.Property(h => h.ProvinceCode).HasMaxLength(40);
        builder.Property(h => h.Hours).HasMaxLength(DirectoryRules.MaxHours);
        builder.Property(h => h.Cost).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.PurposeVi).HasMaxLength(DirectoryRules.MaxPurpose);
        builder.Property(h => h.PurposeEn).HasMaxLength(DirectoryRules.MaxPurpose);
        builder.Property(h => h.Source).HasMaxLength(DirectoryRules.MaxPurpose);
        builder.Property(h => h.UpdatedBy).HasMaxLength(80);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class PlaceRecordConfiguration : IEntityTypeConfiguration<PlaceRecord>
{
    public void Configure(EntityTypeBuilder<PlaceRecord> builder)
    {
        builder.ToTable("directory_places");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ProvinceCode).HasMaxLength(40);
        builder.Property(p => p.Commune).HasMaxLength(DirectoryRules.MaxCommune);
        builder.Property(p => p.NameVi).HasMaxLength(DirectoryRules.MaxName);
        builder.Property(p => p.NameEn).HasMaxLength(DirectoryRules.MaxName);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Address).HasMaxLength(DirectoryRules.MaxAddress);
        builder.Property(p => p.Phone).HasMaxLength(DirectoryRules.MaxNumber);
        builder.Property(p => p.Hours).HasMaxLength(DirectoryRules.MaxHours);
        builder.Property(p => p.Note).HasMaxLength(DirectoryRules.MaxPurpose);
        builder.Property(p => p.UpdatedBy).HasMaxLength(80);
        builder.HasIndex(p => new { p.ProvinceCode, p.Commune });
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class GuidanceRecordConfiguration : IEntityTypeConfiguration<GuidanceRecord>
{
    public void Configure(EntityTypeBuilder<GuidanceRecord> builder)
    {
        builder.ToTable("directory_guidance");
        builder.HasKey(g => new { g.Topic, g.Language });
        builder.Property(g => g.Topic).HasConversion<string>().HasMaxLength(30);
        builder.Property(g => g.Language).HasConversion<string>().HasMaxLength(5);
        builder.Property(g => g.Text).HasMaxLength(DirectoryRules.MaxGuidance);
        builder.Property(g => g.UpdatedBy).HasMaxLength(80);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class DirectoryEditConfiguration : IEntityTypeConfiguration<DirectoryEdit>
{
    public void Configure(EntityTypeBuilder<DirectoryEdit> builder)
    {
        builder.ToTable("directory_edits");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Actor).HasMaxLength(80);
        builder.Property(e => e.Subject).HasMaxLength(80);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(e => e.At);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class DirectoryVersionConfiguration : IEntityTypeConfiguration<DirectoryVersion>
{
    public void Configure(EntityTypeBuilder<DirectoryVersion> builder)
    {
        builder.ToTable("directory_version");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        // The row exists from the migration on, so an edit only ever updates it.
        builder.HasData(new DirectoryVersion { Id = DirectoryVersion.RowId, Version = 0 });
        SnakeCase.Columns(builder.Metadata);
    }
}
