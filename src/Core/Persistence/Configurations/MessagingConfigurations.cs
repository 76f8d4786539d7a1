using ChildCare.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ChildCare.Core.Persistence.Configurations;

// Snake-case names: the outbox and inbox are claimed with hand-written SQL shared by both providers.
internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id");
        builder.Property(m => m.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(m => m.ChatId).HasColumnName("chat_id");
        builder.Ignore(m => m.Text);
        builder.Ignore(m => m.KeyboardJson);
        builder.Property(m => m.SealedText).HasColumnName("sealed_text");
        builder.Property(m => m.SealedKeyboard).HasColumnName("sealed_keyboard");
        // Columns of the clear text and buttons before they were sealed: empty once the purge job has run.
        builder.Property(m => m.LegacyText).HasColumnName("text");
        builder.Property(m => m.LegacyKeyboardJson).HasColumnName("keyboard");
        builder.Property(m => m.DisableLinkPreview).HasColumnName("disable_link_preview");
        builder.Property(m => m.Priority).HasColumnName("priority");
        builder.Property(m => m.Purpose).HasColumnName("purpose").HasMaxLength(40);
        builder.Property(m => m.DedupKey).HasColumnName("dedup_key").HasMaxLength(200);
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");
        builder.Property(m => m.NotBefore).HasColumnName("not_before");
        builder.Property(m => m.Status).HasColumnName("status");
        builder.Property(m => m.Attempts).HasColumnName("attempts");
        builder.Property(m => m.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(100);
        builder.Property(m => m.LeaseUntil).HasColumnName("lease_until");
        builder.Property(m => m.SentAt).HasColumnName("sent_at");
        builder.Property(m => m.ProviderMessageId).HasColumnName("provider_message_id");
        builder.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(500);
        builder.HasIndex(m => m.DedupKey).IsUnique();
        builder.HasIndex(m => new { m.Status, m.Priority, m.Id }).HasDatabaseName("ix_outbox_claim");
        builder.HasIndex(m => new { m.Channel, m.ChatId, m.Status });
        builder.HasIndex(m => m.CreatedAt);
    }
}

internal sealed class ChatReachabilityConfiguration : IEntityTypeConfiguration<ChatReachability>
{
    public void Configure(EntityTypeBuilder<ChatReachability> builder)
    {
        builder.ToTable("unreachable_chats");
        builder.HasKey(c => new { c.Channel, c.ChatId });
        builder.Property(c => c.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(c => c.ChatId).HasColumnName("chat_id");
        builder.Property(c => c.Since).HasColumnName("since");
        builder.Property(c => c.Reason).HasColumnName("reason").HasMaxLength(200);
    }
}

internal sealed class InboundUpdateConfiguration : IEntityTypeConfiguration<InboundUpdate>
{
    public void Configure(EntityTypeBuilder<InboundUpdate> builder)
    {
        builder.ToTable("inbound_updates");
        builder.HasKey(u => new { u.Channel, u.UpdateId });
        builder.Property(u => u.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(u => u.UpdateId).HasColumnName("update_id").ValueGeneratedNever();
        builder.Property(u => u.ChatId).HasColumnName("chat_id");
        builder.Ignore(u => u.Payload);
        builder.Property(u => u.SealedPayload).HasColumnName("sealed_payload");
        // The clear payload of an update stored by a build from before payloads were sealed.
        builder.Property(u => u.LegacyPayload).HasColumnName("payload");
        builder.Property(u => u.ReceivedAt).HasColumnName("received_at");
        builder.Property(u => u.Status).HasColumnName("status");
        builder.Property(u => u.Attempts).HasColumnName("attempts");
        builder.Property(u => u.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(100);
        builder.Property(u => u.LeaseUntil).HasColumnName("lease_until");
        builder.Property(u => u.ProcessedAt).HasColumnName("processed_at");
        builder.Property(u => u.LastError).HasColumnName("last_error").HasMaxLength(500);
        builder.HasIndex(u => new { u.Status, u.ReceivedAt }).HasDatabaseName("ix_inbound_claim");
        // A chat's unhandled updates, for the claim's "nothing older of this chat is waiting or held" (Inbox.ClaimAsync).
        builder.HasIndex(u => new { u.Channel, u.ChatId, u.ReceivedAt, u.UpdateId }).HasDatabaseName("ix_inbound_chat_open").HasFilter("status IN (0, 1)");
    }
}

internal sealed class ChannelUserConfiguration : IEntityTypeConfiguration<ChannelUser>
{
    public void Configure(EntityTypeBuilder<ChannelUser> builder)
    {
        builder.ToTable("channel_users");
        builder.HasKey(u => u.ChatId);
        builder.Property(u => u.ChatId).HasColumnName("chat_id").ValueGeneratedOnAdd();
        builder.Property(u => u.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(u => u.ExternalId).HasColumnName("external_id").HasMaxLength(64);
        builder.Property(u => u.FirstSeenAt).HasColumnName("first_seen_at");
        builder.Property(u => u.LastInboundAt).HasColumnName("last_inbound_at");
        builder.Property(u => u.SealedPhone).HasColumnName("sealed_phone");
        builder.Property(u => u.PendingChoices).HasColumnName("pending_choices").HasMaxLength(2000);
        builder.HasIndex(u => new { u.Channel, u.ExternalId }).IsUnique();
    }
}

internal sealed class ChannelCredentialConfiguration : IEntityTypeConfiguration<ChannelCredential>
{
    public void Configure(EntityTypeBuilder<ChannelCredential> builder)
    {
        builder.ToTable("channel_credentials");
        builder.HasKey(c => c.Channel);
        builder.Property(c => c.Channel).HasColumnName("channel").HasMaxLength(20);
        builder.Property(c => c.SealedAccessToken).HasColumnName("sealed_access_token");
        builder.Property(c => c.SealedRefreshToken).HasColumnName("sealed_refresh_token");
        builder.Property(c => c.AccessExpiresAt).HasColumnName("access_expires_at");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        builder.Property(c => c.Version).HasColumnName("version");
        builder.Property(c => c.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(100);
        builder.Property(c => c.LeaseUntil).HasColumnName("lease_until");
    }
}
