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

    // Ended links and sessions are kept this long: together with the case records they say who signed in when.
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    /// <summary>
    /// A new sign-in link token for the official behind a chat, replacing any earlier unused one; null when the
    /// chat is no official's or they follow no unit any more (they could read nothing).
    /// </summary>
    public async Task<SignInToken?> IssueLinkAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.AsNoTracking()
            .Where(o => o.Channel == channel && o.ChatId == chatId && o.Subscriptions.Any())
            .Select(o => (long?)o.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (official is not { } officialId)
        {
            LogLinkRefused(channel);
            return null;
        }

        var forgotten = now - Retention;
        await db.OfficialSessions.Where(s => s.ExpiresAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        await db.OfficialSessions
            .Where(s => s.OfficialId == officialId && s.Kind == OfficialSessionKind.LoginLink && s.UsedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, now), cancellationToken);
        var token = OfficialSession.NewToken();
        var expires = now + LinkLifetime;
        db.OfficialSessions.Add(new OfficialSession { TokenHash = OfficialSession.Hash(token), OfficialId = officialId, Kind = OfficialSessionKind.LoginLink, CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
        LogLinkIssued(officialId);
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
        var session = OfficialSession.NewToken();
        var expires = now + SessionLifetime;
        db.OfficialSessions.Add(new OfficialSession { TokenHash = OfficialSession.Hash(session), OfficialId = officialId, Kind = OfficialSessionKind.Session, CreatedAt = now, ExpiresAt = expires });
        await db.SaveChangesAsync(cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: a {Channel} chat that is no official's asked for a link")]
    private partial void LogLinkRefused(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in: a link that is unknown, used or expired was opened")]
    private partial void LogLinkRejected();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: official {OfficialId} signed in")]
    private partial void LogSignedIn(long officialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in: a session was ended by signing out")]
    private partial void LogSignedOut();
}
