using System.Security.Cryptography;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Officials;

/// <summary>
/// Joining a unit with an invite from a browser instead of a chat: the person gives a name and makes a passkey;
/// they become an official of the <see cref="OfficialSignIn.WebChannel"/> channel with the invite's unit and role.
/// The invite is spent the same way as in chat (one use per person, taken in one statement).
/// </summary>
public sealed partial class WebJoin(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time, ILogger<WebJoin> logger)
{
    public const int MaxNameLength = 100;

    /// <summary>What an invite opens, for the join page; null when the code is unknown, expired or used up.</summary>
    public async Task<WebInvite?> FindAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 40)
        {
            return null;
        }

        var hash = Invite.Hash(code);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invite = await db.Invites.AsNoTracking().Include(i => i.Unit).SingleOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        return invite is not null && invite.IsUsable(time.GetUtcNow())
            ? new WebInvite(invite.Id, invite.UnitId, invite.Unit!.NameVi, invite.Unit.NameEn, invite.Role)
            : null;
    }

    /// <summary>
    /// Makes the official for a person who has just made a passkey on the join page. Null when the invite was
    /// spent or expired meanwhile (the passkey is then not kept).
    /// </summary>
    public async Task<long?> JoinAsync(string code, string name, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var now = time.GetUtcNow();
        var hash = Invite.Hash(code);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var invite = await db.Invites.AsNoTracking().SingleOrDefaultAsync(i => i.CodeHash == hash, cancellationToken);
        if (invite is null || !invite.IsUsable(now))
        {
            LogRefused();
            return null;
        }

        var trimmed = name.Trim();
        var official = new Official
        {
            Channel = OfficialSignIn.WebChannel,
            // No chat behind a web official: a random number keeps (channel, chat) unique, and no sender has
            // the web channel, so no message is ever queued for it.
            ChatId = RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4_294_967_296L + RandomNumberGenerator.GetInt32(int.MaxValue),
            DisplayName = trimmed[..Math.Min(trimmed.Length, MaxNameLength)],
            Language = language,
            JoinedAt = now,
            LastSignedInAt = now,
        };
        official.Subscriptions.Add(new Subscription { UnitId = invite.UnitId, Role = invite.Role, Since = now });
        db.Officials.Add(official);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var taken = await db.Invites
            .Where(i => i.Id == invite.Id && i.Uses < i.MaxUses && i.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.Uses, i => i.Uses + 1), cancellationToken);
        if (taken == 0)
        {
            LogRefused();
            return null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await DeadlineTracking.StartAsync(db, invite.UnitId, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogJoined(official.Id, invite.UnitId, invite.Role);
        return official.Id;
    }

    /// <summary>Undoes a join whose passkey could not be stored, so the person can try again with the same invite.</summary>
    public async Task UndoAsync(long officialId, string code, CancellationToken cancellationToken)
    {
        var hash = Invite.Hash(code);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Officials.Where(o => o.Id == officialId && o.Channel == OfficialSignIn.WebChannel).ExecuteDeleteAsync(cancellationToken);
        await db.Invites.Where(i => i.CodeHash == hash && i.Uses > 0).ExecuteUpdateAsync(u => u.SetProperty(i => i.Uses, i => i.Uses - 1), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web join: official {OfficialId} joined unit {UnitId} as {Role}")]
    private partial void LogJoined(long officialId, long unitId, OfficialRole role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Web join: an invite that is unknown, expired or used up was used")]
    private partial void LogRefused();
}
