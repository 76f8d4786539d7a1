using System.Text.Json;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Zalo's user ids (strings) and our chat ids (<see cref="ChannelUser"/>), and what the channel keeps per person:
/// the start of the messaging window, a phone number for ZNS, the numbered choices last offered.
/// </summary>
internal sealed class ZaloUsers(IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer, TimeProvider time)
{
    public const string Channel = OutboxMessage.ZaloChannel;

    /// <summary>The chat id of a Zalo user, made on first sight; two nodes seeing a new user at once get the same one.</summary>
    public async Task<long> ChatIdOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var known = await db.ChannelUsers.AsNoTracking().Where(u => u.Channel == Channel && u.ExternalId == userId).Select(u => (long?)u.ChatId).SingleOrDefaultAsync(cancellationToken);
        if (known is { } chatId)
        {
            return chatId;
        }

        var now = db.TimeValue(time.GetUtcNow());
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO channel_users (channel, external_id, first_seen_at) VALUES ({Channel}, {userId}, {now})
            ON CONFLICT (channel, external_id) DO NOTHING
            """, cancellationToken);
        return await db.ChannelUsers.AsNoTracking().Where(u => u.Channel == Channel && u.ExternalId == userId).Select(u => u.ChatId).SingleAsync(cancellationToken);
    }

    public async Task<ChannelUser?> FindAsync(long chatId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ChannelUsers.AsNoTracking().SingleOrDefaultAsync(u => u.ChatId == chatId && u.Channel == Channel, cancellationToken);
    }

    /// <summary>The person wrote at <paramref name="at"/>: the window starts again (never moves back).</summary>
    public async Task WroteAsync(long chatId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.ChannelUsers.SingleAsync(u => u.ChatId == chatId, cancellationToken);
        if (user.LastInboundAt is null || user.LastInboundAt < at)
        {
            user.LastInboundAt = at;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public async Task SetPhoneAsync(long chatId, string phone, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.ChannelUsers.SingleAsync(u => u.ChatId == chatId, cancellationToken);
        user.SealedPhone = sealer.Seal(phone, ChannelUser.PhoneSealContext(Channel, chatId));
        await db.SaveChangesAsync(cancellationToken);
    }

    public string? PhoneOf(ChannelUser user) => sealer.OpenOrNull(user.SealedPhone, ChannelUser.PhoneSealContext(Channel, user.ChatId));

    public async Task OfferChoicesAsync(long chatId, IReadOnlyList<string>? choices, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var json = choices is { Count: > 0 } ? JsonSerializer.Serialize(choices) : null;
        await db.ChannelUsers.Where(u => u.ChatId == chatId).ExecuteUpdateAsync(s => s.SetProperty(u => u.PendingChoices, json), cancellationToken);
    }

    /// <summary>The choice a bare number picks among those last offered, or null.</summary>
    public static string? Choice(ChannelUser user, string text)
    {
        if (user.PendingChoices is null || !int.TryParse(text.Trim().TrimEnd('.'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        var choices = JsonSerializer.Deserialize<List<string>>(user.PendingChoices) ?? [];
        return n >= 1 && n <= choices.Count ? choices[n - 1] : null;
    }
}
