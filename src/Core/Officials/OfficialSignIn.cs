using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Officials;

/// <summary>
/// Signing officials in without passwords: the bot sends a one-time link to an official's chat (their chat is
/// what proves who they are, as it does for reminders and case buttons); opening it starts a session of
/// <see cref="SessionLifetime"/>. Tokens leave this class once, to their owner; only their hashes are stored.
/// </summary>
public sealed partial class OfficialSignIn(IDbContextFactory<ChildCareDbContext> contexts, TimeProvider time, ILogger<OfficialSignIn> logger)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);
    public static readonly TimeSpan FirstAdministratorLinkLifetime = TimeSpan.FromHours(1);

    /// <summary>How long a link an administrator makes for a named official lasts (handed over in person or by phone).</summary>
    public static readonly TimeSpan HandoverLinkLifetime = TimeSpan.FromHours(24);

    /// <summary>The channel of officials who exist in the dashboard only (the first administrator).</summary>
    public const string WebChannel = "web";

    // Ended links and sessions are kept this long: together with the case records they say who signed in when.
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>
    /// A new sign-in link token for the official behind a chat, replacing any earlier unused one; null when the
    /// chat is no official's or they follow no unit any more (they could read nothing).
    /// </summary>
    public async Task<SignInToken?> IssueLinkAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.AsNoTracking()
            .Where(o => o.Channel == channel && o.ChatId == chatId && (o.Subscriptions.Any() || o.IsAdministrator))
            .Select(o => (long?)o.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (official is not { } officialId)
        {
            LogLinkRefused(channel);
            return null;
        }

        var link = await NewLinkAsync(db, officialId, LinkLifetime, endEarlier: false, cancellationToken);
        LogLinkIssued(officialId);
        return link;
    }

    /// <summary>
    /// The way in for the first administrator, who has no chat yet: while no administrator has ever signed in,
    /// each start makes sure one exists (the web administrator) and returns a new one-time link for it (valid
    /// <see cref="FirstAdministratorLinkLifetime"/>; the earlier one stops working), for the start-up log.
    /// Null once an administrator has signed in: from then on administrators name the others in the dashboard.
    /// </summary>
    public async Task<SignInToken?> IssueFirstAdministratorLinkAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Officials.AnyAsync(o => o.IsAdministrator && o.LastSignedInAt != null, cancellationToken))
        {
            return null;
        }

        var administrator = await db.Officials.Where(o => o.IsAdministrator).OrderBy(o => o.Id).FirstOrDefaultAsync(cancellationToken);
        if (administrator is null)
        {
            administrator = new Official
            {
                Channel = WebChannel,
                ChatId = 0,
                DisplayName = null,
                Language = Localization.Language.Vi,
                JoinedAt = time.GetUtcNow(),
                IsAdministrator = true,
            };
            db.Officials.Add(administrator);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogFirstAdministrator(administrator.Id);
            }
            catch (DbUpdateException)
            {
                // Two nodes starting together on an empty database: the other one created it a moment ago.
                db.ChangeTracker.Clear();
                administrator = await db.Officials.Where(o => o.IsAdministrator).OrderBy(o => o.Id).FirstOrDefaultAsync(cancellationToken);
                if (administrator is null)
                {
                    throw;
                }
            }
        }

        return await NewLinkAsync(db, administrator.Id, FirstAdministratorLinkLifetime, endEarlier: true, cancellationToken);
    }

    /// <summary>
    /// A one-time link an administrator makes for a named official, valid <see cref="HandoverLinkLifetime"/>; null
    /// when there is no such official or they follow no unit (they could read nothing). An earlier unused link stops.
    /// </summary>
    public async Task<SignInToken?> IssueHandoverLinkAsync(long officialId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Officials.AnyAsync(o => o.Id == officialId && (o.Subscriptions.Any() || o.IsAdministrator), cancellationToken))
        {
            return null;
        }

        var link = await NewLinkAsync(db, officialId, HandoverLinkLifetime, endEarlier: true, cancellationToken);
        LogHandoverLink(officialId);
        return link;
    }

    /// <summary>
    /// A session for an official who proved who they are another way (a passkey); null when they follow no unit
    /// and are no administrator, as for links: leaving every unit ends the way in.
    /// </summary>
    public async Task<SignInToken?> StartSessionAsync(long officialId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Officials.AnyAsync(o => o.Id == officialId && (o.Subscriptions.Any() || o.IsAdministrator), cancellationToken))
        {
            LogLinkRejected();
            return null;
        }

        var session = OfficialSession.NewToken();
        var expires = now + SessionLifetime;
        db.OfficialSessions.Add(new OfficialSession { TokenHash = OfficialSession.Hash(session), OfficialId = officialId, Kind = OfficialSessionKind.Session, CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        await db.Officials.Where(o => o.Id == officialId).ExecuteUpdateAsync(o => o.SetProperty(x => x.LastSignedInAt, now), cancellationToken);
        LogSignedIn(officialId);
        return new SignInToken(session, officialId, expires);
    }

    // A new link for the official, and long-ended rows are forgotten. A link made by an administrator or printed at a
    // start ends the earlier unused ones (<paramref name="endEarlier"/>). One asked for in a chat does not: the same
    // request handled twice (a retry after a failure) would end the link already sent, while the retry's own message, a
    // duplicate by its key, is never sent. Opening any link ends the others (RedeemLinkAsync).
    private async Task<SignInToken> NewLinkAsync(ChildCareDbContext db, long officialId, TimeSpan lifetime, bool endEarlier, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var forgotten = now - Retention;
        await db.OfficialSessions.Where(s => s.ExpiresAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        if (endEarlier)
        {
            await db.OfficialSessions
                .Where(s => s.OfficialId == officialId && s.Kind == OfficialSessionKind.LoginLink && s.UsedAt == null && s.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, now), cancellationToken);
        }
        var token = OfficialSession.NewToken();
        var expires = now + lifetime;
        db.OfficialSessions.Add(new OfficialSession { TokenHash = OfficialSession.Hash(token), OfficialId = officialId, Kind = OfficialSessionKind.LoginLink, CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        return new SignInToken(token, officialId, expires);
    }

    /// <summary>
    /// Opens a sign-in link: it works once, before it expires. Returns the new session's token, or null for a
    /// link that is unknown, used or expired (one answer for all three).
    /// </summary>
    public async Task<SignInToken?> RedeemLinkAsync(string? token, CancellationToken cancellationToken)
    {
        if (!OfficialSession.LooksLikeToken(token))
        {
            LogLinkRejected();
            return null;
        }

        var hash = OfficialSession.Hash(token!);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // One conditional update: of two requests opening the same link at once, exactly one changes the row.
        var opened = await db.OfficialSessions
            .Where(s => s.TokenHash == hash && s.Kind == OfficialSessionKind.LoginLink && s.UsedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now), cancellationToken);
        if (opened != 1)
        {
            LogLinkRejected();
            return null;
        }

        var officialId = await db.OfficialSessions.Where(s => s.TokenHash == hash).Select(s => s.OfficialId).SingleAsync(cancellationToken);
        // Signed in: the official's other links still unused stop working (one forwarded or left in a chat opens nothing).
        await db.OfficialSessions
            .Where(s => s.OfficialId == officialId && s.Kind == OfficialSessionKind.LoginLink && s.UsedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, now), cancellationToken);
        var session = OfficialSession.NewToken();
        var expires = now + SessionLifetime;
        db.OfficialSessions.Add(new OfficialSession { TokenHash = OfficialSession.Hash(session), OfficialId = officialId, Kind = OfficialSessionKind.Session, CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        await db.Officials.Where(o => o.Id == officialId).ExecuteUpdateAsync(o => o.SetProperty(x => x.LastSignedInAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSignedIn(officialId);
        return new SignInToken(session, officialId, expires);
    }

    /// <summary>The official a session token belongs to, while the session lasts; null otherwise.</summary>
    public async Task<long?> OfficialForSessionAsync(string? token, CancellationToken cancellationToken)
    {
        if (!OfficialSession.LooksLikeToken(token))
        {
            return null;
        }

        var hash = OfficialSession.Hash(token!);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.OfficialSessions.AsNoTracking()
            .Where(s => s.TokenHash == hash && s.Kind == OfficialSessionKind.Session && s.ExpiresAt > now)
            .Select(s => (long?)s.OfficialId)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Signs out: the session ends now. False when it had already ended or never existed.</summary>
    public async Task<bool> EndSessionAsync(string? token, CancellationToken cancellationToken)
    {
        if (!OfficialSession.LooksLikeToken(token))
        {
            return false;
        }

        var hash = OfficialSession.Hash(token!);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ended = await db.OfficialSessions
            .Where(s => s.TokenHash == hash && s.Kind == OfficialSessionKind.Session && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, now), cancellationToken);
        if (ended == 1)
        {
            LogSignedOut();
        }

        return ended == 1;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: a link was sent to official {OfficialId}")]
    private partial void LogLinkIssued(long officialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: an administrator made a link for official {OfficialId}")]
    private partial void LogHandoverLink(long officialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: the first administrator (official {OfficialId}) was created")]
    private partial void LogFirstAdministrator(long officialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: a {Channel} chat that is no official's asked for a link")]
    private partial void LogLinkRefused(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in: a link that is unknown, used or expired was opened")]
    private partial void LogLinkRejected();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: official {OfficialId} signed in")]
    private partial void LogSignedIn(long officialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: a session was ended by signing out")]
    private partial void LogSignedOut();
}
