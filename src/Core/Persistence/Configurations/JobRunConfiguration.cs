using ChildCare.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.ToTable("job_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.JobName).HasMaxLength(200);
        builder.Property(r => r.FireInstanceId).HasMaxLength(200);
        builder.Property(r => r.Node).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(500);
        builder.HasIndex(r => r.StartedAt);
        builder.HasIndex(r => new { r.JobName, r.StartedAt });
    }
}
