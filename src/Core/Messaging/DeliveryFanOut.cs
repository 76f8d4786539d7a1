using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Messaging;

/// <summary>
/// Every message for an official's chat (Telegram, Zalo, or none on the web) also goes to each of their delivery
/// endpoints (Web Push), as a
/// copy addressed to the endpoint's channel with the endpoint's id as its chat and its own dedup key. Messages for
/// an official who exists on the web only (<see cref="OfficialSignIn.WebChannel"/>, no chat) go to their endpoints
/// alone. Replies to the public are never copied: only officials have endpoints. So an official whose Zalo window is
/// closed still gets every alert on the devices they turned on.
/// </summary>
internal static class DeliveryFanOut
{
    public static async Task<IReadOnlyCollection<OutboundMessage>> ExpandAsync(ChildCareDbContext db, IReadOnlyCollection<OutboundMessage> messages, CancellationToken cancellationToken) =>
        [.. (await ExpandEachAsync(db, [.. messages], cancellationToken)).SelectMany(m => m)];

    /// <summary>What each message becomes, in the order given: itself and its copies (or its copies alone).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<OutboundMessage>>> ExpandEachAsync(ChildCareDbContext db, IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var chats = messages.Where(m => m.Channel is OutboxMessage.TelegramChannel or OutboxMessage.ZaloChannel or OfficialSignIn.WebChannel).Select(m => m.ChatId).Distinct().ToList();
        if (chats.Count == 0 || !await AnyEndpointAsync(db, cancellationToken))
        {
            return [.. messages.Select(m => (IReadOnlyList<OutboundMessage>)[m])];
        }

        var endpoints = await db.DeliveryEndpoints.AsNoTracking()
            .Join(db.Officials.Where(o => chats.Contains(o.ChatId)), e => e.OfficialId, o => o.Id, (e, o) => new { o.Channel, o.ChatId, e.Id, e.Kind })
            .ToListAsync(cancellationToken);
        if (endpoints.Count == 0)
        {
            return [.. messages.Select(m => (IReadOnlyList<OutboundMessage>)[m])];
        }

        var expanded = new List<IReadOnlyList<OutboundMessage>>(messages.Count);
        foreach (var message in messages)
        {
            var mine = endpoints.Where(e => e.Channel == message.Channel && e.ChatId == message.ChatId).ToList();
            var each = new List<OutboundMessage>(1 + mine.Count);
            if (message.Channel != OfficialSignIn.WebChannel || mine.Count == 0)
            {
                each.Add(message);
            }

            each.AddRange(mine.Select(e => message with
            {
                Channel = e.Kind,
                ChatId = e.Id,
                DedupKey = message.DedupKey is null ? null : $"{message.DedupKey}:{e.Kind}:{e.Id}",
            }));
            expanded.Add(each);
        }

        return expanded;
    }

    /// <summary>Asked at every reply, and almost always false: on PostgreSQL a plain command (PostgresCommands).</summary>
    private static async Task<bool> AnyEndpointAsync(ChildCareDbContext db, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            return await db.DeliveryEndpoints.AnyAsync(cancellationToken);
        }

        await using var command = await PostgresCommands.CreateAsync(db, "SELECT EXISTS (SELECT 1 FROM delivery_endpoints)", cancellationToken);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
