using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// The OA access token: stored sealed in <c>channel_credentials</c>, refreshed before it expires (or when Zalo
/// refuses it) with the single-use refresh token, by one node at a time. A node takes the row's lease only if
/// nobody refreshed since it read the row (same <see cref="ChannelCredential.Version"/>); the others wait for
/// the new pair instead of spending the refresh token a second time.
/// </summary>
internal sealed partial class ZaloTokens(
    IDbContextFactory<ChildCareDbContext> contexts,
    Sealer sealer,
    ZaloApiClient api,
    ZaloSettings settings,
    TimeProvider time,
    ILogger<ZaloTokens> logger)
{
    private const string Channel = OutboxMessage.ZaloChannel;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WaitForOtherNode = TimeSpan.FromSeconds(40);
    private readonly string _owner = OutboxDispatcher.OwnerId();
    private Current? _cached;

    private sealed record Current(string AccessToken, DateTimeOffset ExpiresAt, long Version);

    /// <summary>A token to call Zalo with, refreshed first when it is due.</summary>
    public async Task<(string Token, long Version)> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var current = _cached is { } cached && !Due(cached) ? cached : await LoadAsync(cancellationToken);
        if (Due(current))
        {
            current = await RefreshCoreAsync(current.Version, cancellationToken);
        }

        return (current.AccessToken, current.Version);
    }

    /// <summary>Zalo refused the token of <paramref name="version"/>: a new one, refreshed here or by another node.</summary>
    public async Task<string> RefreshAsync(long version, CancellationToken cancellationToken) => (await RefreshCoreAsync(version, cancellationToken)).AccessToken;

    /// <summary>Refreshes when due; for the background refresher, so a quiet OA keeps a live token.</summary>
    public async Task<bool> RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        var current = await LoadAsync(cancellationToken);
        if (!Due(current))
        {
            return false;
        }

        await RefreshCoreAsync(current.Version, cancellationToken);
        return true;
    }

    private bool Due(Current current) => current.ExpiresAt - settings.RefreshBefore <= time.GetUtcNow();

    private async Task<Current> RefreshCoreAsync(long seenVersion, CancellationToken cancellationToken)
    {
        var waitUntil = time.GetUtcNow() + WaitForOtherNode;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            var (nowValue, until) = (db.TimeValue(now), db.TimeValue(now + Lease));
            var taken = await db.Database.ExecuteSqlAsync($"""
                UPDATE channel_credentials SET lease_owner = {_owner}, lease_until = {until}
                WHERE channel = {Channel} AND version = {seenVersion} AND (lease_until IS NULL OR lease_until < {nowValue})
                """, cancellationToken);
            if (taken == 1)
            {
                return await SpendRefreshTokenAsync(db, cancellationToken);
            }

            var row = await db.ChannelCredentials.AsNoTracking().SingleAsync(c => c.Channel == Channel, cancellationToken);
            if (row.Version != seenVersion)
            {
                LogRefreshedElsewhere(row.Version);
                return Cache(row);
            }

            if (time.GetUtcNow() > waitUntil)
            {
                throw new ZaloTransportException("Another node has been refreshing the Zalo token for too long.");
            }

            // Another node holds the lease and is refreshing: its new pair will be in the row.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task<Current> SpendRefreshTokenAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.ChannelCredentials.SingleAsync(c => c.Channel == Channel, cancellationToken);
        try
        {
            var refreshToken = sealer.Open(row.SealedRefreshToken, ChannelCredential.SealContext(Channel, "refresh"));
            var (access, refresh, lifetime) = await api.RefreshAsync(refreshToken, cancellationToken);
            var now = time.GetUtcNow();
            // Saved before anything uses it: the old refresh token is spent now.
            row.SealedAccessToken = sealer.Seal(access, ChannelCredential.SealContext(Channel, "access"));
            row.SealedRefreshToken = sealer.Seal(refresh, ChannelCredential.SealContext(Channel, "refresh"));
            row.AccessExpiresAt = now + lifetime;
            row.UpdatedAt = now;
            row.Version++;
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            LogRefreshed(row.Version, lifetime.TotalHours);
            return Cache(row);
        }
        catch (Exception e) when (e is ZaloApiException or ZaloTransportException)
        {
            if (e is ZaloApiException refused)
            {
                LogRefreshRefused(refused.ErrorCode);
            }

            row.LeaseOwner = null;
            row.LeaseUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>The stored pair; on the first start the configured one, stored sealed.</summary>
    private async Task<Current> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ChannelCredentials.AsNoTracking().SingleOrDefaultAsync(c => c.Channel == Channel, cancellationToken);
        if (row is null)
        {
            var now = time.GetUtcNow();
            db.ChannelCredentials.Add(new ChannelCredential
            {
                Channel = Channel,
                // No configured access token: an empty one, due at once, so the first call refreshes.
                SealedAccessToken = sealer.Seal(settings.AccessToken ?? "", ChannelCredential.SealContext(Channel, "access")),
                SealedRefreshToken = sealer.Seal(settings.RefreshToken ?? throw new InvalidOperationException("Zalo:RefreshToken is not set."), ChannelCredential.SealContext(Channel, "refresh")),
                AccessExpiresAt = settings.AccessToken is null ? now : now + settings.InitialTokenLifetime,
                UpdatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node stored it first.
            }

            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            row = await again.ChannelCredentials.AsNoTracking().SingleAsync(c => c.Channel == Channel, cancellationToken);
        }

        return Cache(row);
    }

    private Current Cache(ChannelCredential row)
    {
        var current = new Current(sealer.Open(row.SealedAccessToken, ChannelCredential.SealContext(Channel, "access")), row.AccessExpiresAt, row.Version);
        _cached = current;
        return current;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo: the OA access token was refreshed (version {Version}, valid {Hours:0.#} h)")]
    private partial void LogRefreshed(long version, double hours);

    [LoggerMessage(Level = LogLevel.Information, Message = "Zalo: another node refreshed the OA access token (version {Version})")]
    private partial void LogRefreshedElsewhere(long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Zalo: the refresh token was refused ({ErrorCode}); if this lasts, authorise the application for the OA again and set Zalo:RefreshToken")]
    private partial void LogRefreshRefused(int errorCode);
}
