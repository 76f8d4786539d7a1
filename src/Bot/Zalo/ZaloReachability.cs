using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Bot.Zalo;

/// <summary>
/// Which officials on Zalo cannot be written to there now: their window has closed (they have not written for
/// <see cref="ZaloSettings.Window"/>), they unfollowed the OA, or a send found them unreachable. A ZNS template
/// still reaches some of them; the dashboard says "not reachable on Zalo now" all the same, since a template
/// carries no case.
/// </summary>
internal static class ZaloReachability
{
    public static async Task<HashSet<long>> ClosedAsync(ChildCareDbContext db, ZaloSettings settings, DateTimeOffset now, IEnumerable<long> officialIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        var ids = officialIds.ToList();
        var onZalo = await db.Officials.AsNoTracking().Where(o => ids.Contains(o.Id) && o.Channel == OutboxMessage.ZaloChannel)
            .Select(o => new { o.Id, o.ChatId }).ToListAsync(cancellationToken);
        if (onZalo.Count == 0)
        {
            return [];
        }

        var chats = onZalo.Select(o => o.ChatId).ToList();
        var lastWrote = await db.ChannelUsers.AsNoTracking().Where(u => u.Channel == OutboxMessage.ZaloChannel && chats.Contains(u.ChatId))
            .Select(u => new { u.ChatId, u.LastInboundAt }).ToDictionaryAsync(u => u.ChatId, u => u.LastInboundAt, cancellationToken);
        var unreachable = (await db.UnreachableChats.AsNoTracking().Where(c => c.Channel == OutboxMessage.ZaloChannel && chats.Contains(c.ChatId))
            .Select(c => c.ChatId).ToListAsync(cancellationToken)).ToHashSet();
        return [.. onZalo.Where(o => unreachable.Contains(o.ChatId) || lastWrote.GetValueOrDefault(o.ChatId) is not { } at || now - at >= settings.Window).Select(o => o.Id)];
    }
}
