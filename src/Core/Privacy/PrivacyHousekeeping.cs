using ChildCare.Core.Cases;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Privacy;

/// <summary>
/// Forgets what the product no longer needs, for the privacy of the people in it: the delivery record of
/// messages after <see cref="RetentionSettings.MessageDays"/> (their texts went when they were sent), handled
/// updates after <see cref="RetentionSettings.InboxDays"/>, conversations nobody continued for
/// <see cref="RetentionSettings.IdleConversationDays"/>, the phone number of someone who is no longer an official.
/// It also seals what a build from before sealing left in
/// clear (queued texts, waiting updates, the commune a reporter typed). Idempotent and safe on several nodes at
/// once; a periodic job runs it (the job only says when).
/// </summary>
public sealed partial class PrivacyHousekeeping(
    IDbContextFactory<ChildCareDbContext> contexts,
    Sealer sealer,
    RetentionSettings retention,
    TimeProvider time,
    ILogger<PrivacyHousekeeping> logger)
{
    private const int Batch = 500;

    public async Task<HousekeepingResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var resealed = await SealLegacyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var messagesBefore = now.AddDays(-retention.MessageDays);
        var messages = await db.OutboxMessages
            .Where(m => (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Failed || m.Status == OutboxStatus.Unreachable) && m.CreatedAt < messagesBefore)
            .ExecuteDeleteAsync(cancellationToken);

        // The newest update of each channel stays whatever its age: polling resumes after it.
        var updatesBefore = now.AddDays(-retention.InboxDays);
        var updates = await db.InboundUpdates
            .Where(u => (u.Status == InboundStatus.Done || u.Status == InboundStatus.Failed) && u.ReceivedAt < updatesBefore)
            .Where(u => u.UpdateId < db.InboundUpdates.Where(n => n.Channel == u.Channel).Max(n => n.UpdateId))
            .ExecuteDeleteAsync(cancellationToken);

        var idleBefore = now.AddDays(-retention.IdleConversationDays);
        var conversations = await db.Conversations.Where(c => c.UpdatedAt < idleBefore).ExecuteDeleteAsync(cancellationToken);

        // A phone number is given by an official for the channel's paid templates (Zalo's ZNS): it is kept while they
        // can still be sent something (a unit's member, or an administrator), and goes when they leave or are removed.
        var phones = await db.ChannelUsers
            .Where(u => u.SealedPhone != null
                && !db.Officials.Any(o => o.Channel == u.Channel && o.ChatId == u.ChatId && (o.IsAdministrator || o.Subscriptions.Any())))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SealedPhone, (byte[]?)null), cancellationToken);

        var result = new HousekeepingResult(messages, updates, conversations, resealed, phones);
        if (result.Total > 0)
        {
            LogPurged(messages, updates, conversations, resealed, phones);
        }

        return result;
    }

    /// <summary>Seals the clear values a build from before sealing stored; returns how many rows it changed.</summary>
    private async Task<int> SealLegacyAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Messages: waiting ones are sealed, the rest (sent, given up) lose their text as new ones do.
        changed += await db.OutboxMessages
            .Where(m => (m.LegacyText != null || m.LegacyKeyboardJson != null) && m.Status != OutboxStatus.Pending && m.Status != OutboxStatus.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LegacyText, (string?)null).SetProperty(m => m.LegacyKeyboardJson, (string?)null), cancellationToken);
        foreach (var row in await db.OutboxMessages.AsNoTracking().Where(m => m.LegacyText != null || m.LegacyKeyboardJson != null).OrderBy(m => m.Id).Take(Batch).ToListAsync(cancellationToken))
        {
            var context = OutboxMessage.SealContext(row.Channel, row.ChatId);
            changed += await db.OutboxMessages.Where(m => m.Id == row.Id && m.LegacyText == row.LegacyText).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SealedText, sealer.Seal(row.LegacyText ?? "", context))
                .SetProperty(m => m.SealedKeyboard, sealer.SealOrNull(row.LegacyKeyboardJson, context))
                .SetProperty(m => m.LegacyText, (string?)null)
                .SetProperty(m => m.LegacyKeyboardJson, (string?)null), cancellationToken);
        }

        foreach (var row in await db.InboundUpdates.AsNoTracking().Where(u => u.LegacyPayload != null).OrderBy(u => u.ReceivedAt).Take(Batch).ToListAsync(cancellationToken))
        {
            changed += await db.InboundUpdates.Where(u => u.Channel == row.Channel && u.UpdateId == row.UpdateId && u.LegacyPayload != null).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.SealedPayload, sealer.Seal(row.LegacyPayload!, InboundUpdate.SealContext(row.Channel, row.UpdateId)))
                .SetProperty(u => u.LegacyPayload, (string?)null), cancellationToken);
        }

        // The commune a reporter typed goes into the case's sealed details; the queue shows the routed unit.
        foreach (var filed in await db.Cases.AsNoTracking().Where(c => c.LegacyCommune != null).OrderBy(c => c.Id).Take(Batch).ToListAsync(cancellationToken))
        {
            var details = CaseIntake.OpenDetails(sealer, filed);
            var resealed = CaseIntake.SealDetails(sealer, details with { Commune = details.Commune ?? filed.LegacyCommune }, filed.SubmissionId);
            changed += await db.Cases.Where(c => c.Id == filed.Id && c.LegacyCommune != null).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.SealedDetails, resealed)
                .SetProperty(c => c.LegacyCommune, (string?)null), cancellationToken);
        }

        return changed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Privacy: purged {Messages} delivered or failed message(s), {Updates} handled update(s), {Conversations} idle conversation(s), {Phones} phone number(s) of former officials; sealed {Resealed} row(s) left in clear by an older build")]
    private partial void LogPurged(int messages, int updates, int conversations, int resealed, int phones);
}
