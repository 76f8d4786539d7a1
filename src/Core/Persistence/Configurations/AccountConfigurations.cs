using ChildCare.Core.Officials;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

// Identity's tables under our names (snake case, "official_" first); applied after Identity's own model.
internal sealed class OfficialAccountConfiguration : IEntityTypeConfiguration<OfficialAccount>
{
    public void Configure(EntityTypeBuilder<OfficialAccount> builder)
    {
        builder.ToTable("official_accounts");
        builder.HasIndex(a => a.OfficialId).IsUnique();
        // Identity sizes some columns from its runtime options; fixed here so the model never depends on them.
        builder.Property(a => a.PhoneNumber).HasMaxLength(256);
        // An official who is removed takes their account and passkeys along.
        builder.HasOne<Official>().WithMany().HasForeignKey(a => a.OfficialId).OnDelete(DeleteBehavior.Cascade);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class OfficialAccountPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<string>> builder)
    {
        builder.ToTable("official_passkeys");
        builder.HasKey(p => p.CredentialId);
        builder.Property(p => p.CredentialId).HasMaxLength(1024);
        builder.OwnsOne(p => p.Data, data => data.ToJson("data"));
        builder.HasOne<OfficialAccount>().WithMany().HasForeignKey(p => p.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.UserId).HasColumnName("account_id");
        builder.Property(p => p.CredentialId).HasColumnName("credential_id");
    }
}

internal sealed class OfficialAccountClaimConfiguration : IEntityTypeConfiguration<IdentityUserClaim<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserClaim<string>> builder)
    {
        builder.ToTable("official_account_claims");
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class OfficialAccountLoginConfiguration : IEntityTypeConfiguration<IdentityUserLogin<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserLogin<string>> builder)
    {
        builder.ToTable("official_account_logins");
        builder.Property(l => l.LoginProvider).HasMaxLength(128);
        builder.Property(l => l.ProviderKey).HasMaxLength(128);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class OfficialAccountTokenConfiguration : IEntityTypeConfiguration<IdentityUserToken<string>>
{
    public void Configure(EntityTypeBuilder<IdentityUserToken<string>> builder)
    {
        builder.ToTable("official_account_tokens");
        builder.Property(t => t.LoginProvider).HasMaxLength(128);
        builder.Property(t => t.Name).HasMaxLength(128);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class DeliveryEndpointConfiguration : IEntityTypeConfiguration<DeliveryEndpoint>
{
    public void Configure(EntityTypeBuilder<DeliveryEndpoint> builder)
    {
        builder.ToTable("delivery_endpoints");
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.Address).HasMaxLength(2000);
        builder.Property(e => e.ActionSecretHash).HasMaxLength(64);
        builder.HasIndex(e => e.Address).IsUnique();
        builder.HasIndex(e => e.OfficialId);
        builder.HasOne<Official>().WithMany().HasForeignKey(e => e.OfficialId).OnDelete(DeleteBehavior.Cascade);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class PrivacyKeyCheckConfiguration : IEntityTypeConfiguration<Privacy.PrivacyKeyCheck>
{
    public void Configure(EntityTypeBuilder<Privacy.PrivacyKeyCheck> builder)
    {
        builder.ToTable("privacy_key_check");
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.KeyCheck).HasMaxLength(64);
        SnakeCase.Columns(builder.Metadata);
    }
}

internal sealed class VapidKeyConfiguration : IEntityTypeConfiguration<Messaging.Delivery.VapidKeyRecord>
{
    public void Configure(EntityTypeBuilder<Messaging.Delivery.VapidKeyRecord> builder)
    {
        builder.ToTable("vapid_keys");
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.PublicKey).HasMaxLength(100);
        SnakeCase.Columns(builder.Metadata);
    }
}
