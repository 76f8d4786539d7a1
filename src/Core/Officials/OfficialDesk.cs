using ChildCare.Core.Cases;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Officials;

/// <summary>
/// What an official does about their own membership in chat: join a unit with an invite, leave every unit.
/// The deadline work (the upcoming list, the reminder buttons) is <see cref="ReminderDesk"/>'s.
/// Returns the messages to send; the channel enqueues them.
/// </summary>
public sealed partial class OfficialDesk(
    IDbContextFactory<ChildCareDbContext> contexts,
    TimeProvider time,
    CaseAudit audit,
    ILogger<OfficialDesk> logger)
{
    public async Task<IReadOnlyList<OutboundMessage>> JoinAsync(ChatPerson person, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (string.IsNullOrWhiteSpace(code))
        {
            return [Reply(person, CoreTexts.Get("JoinUsage", person.Language))];
        }

        var now = time.GetUtcNow();
        var hash = Invite.Hash(code);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invite = await db.Invites.Include(i => i.Unit).SingleOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        if (invite is null)
        {
            LogJoinRefused("unknown code");
            return [Reply(person, CoreTexts.Get("JoinInvalid", person.Language))];
        }

        var official = await db.Officials.Include(o => o.Subscriptions)
            .SingleOrDefaultAsync(o => o.Channel == person.Channel && o.ChatId == person.ChatId, cancellationToken);
        var unitName = MessageHtml.Escape(invite.Unit!.Name(person.Language));
        var role = ReminderTexts.Role(invite.Role, person.Language);

        // Opening the same link again is not an error, even when the invite has been used up by that very join.
        if (official?.Subscriptions.Any(s => s.UnitId == invite.UnitId && s.Role == invite.Role) == true)
        {
            return [Reply(person, CoreTexts.Format("JoinAlready", person.Language, unitName, role))];
        }

        if (!invite.IsUsable(now))
        {
            LogJoinRefused("expired or used up");
            return [Reply(person, CoreTexts.Get("JoinInvalid", person.Language))];
        }

        if (official is null)
        {
            official = new Official { Channel = person.Channel, ChatId = person.ChatId, JoinedAt = now };
            db.Officials.Add(official);
        }

        official.Language = person.Language;
        official.DisplayName = person.FirstName is { Length: > 0 } name ? name[..Math.Min(name.Length, 100)] : official.DisplayName;
        official.Subscriptions.Add(new Subscription { UnitId = invite.UnitId, Role = invite.Role, Since = now });
        try
        {
            // One use taken in one statement: officials joining with a shared invite at the same moment each get one
            // (a count read, raised and written back refused all but the first of them as 'invalid').
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var taken = await db.Invites
                .Where(i => i.Id == invite.Id && i.Uses < i.MaxUses && i.ExpiresAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Uses, i => i.Uses + 1), cancellationToken);
            if (taken == 0)
            {
                LogJoinRefused("used up at the same moment");
                return [Reply(person, CoreTexts.Get("JoinInvalid", person.Language))];
            }

            await db.SaveChangesAsync(cancellationToken);
            await DeadlineTracking.StartAsync(db, invite.UnitId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same person pressed twice, both presses handled at once.
            return [Reply(person, CoreTexts.Get("JoinInvalid", person.Language))];
        }

        LogJoined(invite.UnitId, invite.Role);
        var welcome = Reply(person, CoreTexts.Format("JoinDone", person.Language, unitName, role));
        // A case filed before anyone joined reached nobody here: the newcomer hears of what still waits.
        return await CaseBacklog.ForJoinAsync(db, audit, person, official.Id, invite.Unit, invite.Role, now, cancellationToken) is { } backlog
            ? [welcome, backlog]
            : [welcome];
    }

    public async Task<IReadOnlyList<OutboundMessage>> UnsubscribeAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await FindAsync(db, person, cancellationToken);
        if (official is null || official.Subscriptions.Count == 0)
        {
            return [Reply(person, CoreTexts.Get("NotAnOfficial", person.Language))];
        }

        var count = official.Subscriptions.Count;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await Reminder.CancelAsync(db.Reminders.Where(r => r.OfficialId == official.Id), cancellationToken);
        await db.Subscriptions.Where(s => s.OfficialId == official.Id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogUnsubscribed(count);
        return [Reply(person, CoreTexts.Format("Unsubscribed", person.Language, count))];
    }

    private static Task<Official?> FindAsync(ChildCareDbContext db, ChatPerson person, CancellationToken cancellationToken) =>
        db.Officials.Include(o => o.Subscriptions).SingleOrDefaultAsync(o => o.Channel == person.Channel && o.ChatId == person.ChatId, cancellationToken);

    private static OutboundMessage Reply(ChatPerson person, string text) =>
        new(person.ChatId, text, MessagePriority.Reply, "official", Channel: person.Channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: someone joined unit {UnitId} as {Role}")]
    private partial void LogJoined(long unitId, OfficialRole role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: a join was refused ({Reason})")]
    private partial void LogJoinRefused(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Officials: someone left {Count} subscription(s)")]
    private partial void LogUnsubscribed(int count);
}
