using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

/// <summary>
/// Who an alert about a case reaches: the unit's case workers; when none of them can be reached by chat, the
/// nearest supervisors up the tree; then the province's; and when nobody in the tree can be reached, the
/// administrators (those without a chat see the case in the dashboard's unattended list). Reachable means a
/// chat on a channel this node sends on (Telegram off: nobody) that has not blocked the bot.
/// </summary>
internal sealed class AlertRecipients
{
    private readonly Dictionary<long, Unit> _units;
    private readonly List<(Official Official, long UnitId, OfficialRole Role)> _memberships;
    private readonly List<Official> _administrators;
    private readonly IReadOnlySet<string> _channels;
    private readonly HashSet<(string Channel, long ChatId)> _unreachable;
    private readonly HashSet<long> _withEndpoint;

    public AlertRecipients(
        IEnumerable<Unit> units,
        IEnumerable<(Official Official, long UnitId, OfficialRole Role)> memberships,
        IEnumerable<Official> administrators,
        IReadOnlySet<string> channelsOn,
        IEnumerable<(string Channel, long ChatId)> unreachable,
        IEnumerable<(long OfficialId, string Kind)>? endpoints = null)
    {
        _units = units.ToDictionary(u => u.Id);
        _memberships = [.. memberships];
        _administrators = [.. administrators];
        _channels = channelsOn;
        _unreachable = [.. unreachable];
        // An official is reachable through a delivery endpoint (Web Push) whose sender is on this node too.
        _withEndpoint = [.. (endpoints ?? []).Where(e => channelsOn.Contains(e.Kind)).Select(e => e.OfficialId)];
    }

    /// <summary>The units, the case workers and supervisors, the administrators and the chats marked unreachable, loaded once.</summary>
    public static async Task<AlertRecipients> LoadAsync(ChildCareDbContext db, IReadOnlySet<string> channelsOn, CancellationToken cancellationToken)
    {
        var units = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var memberships = await db.Subscriptions.AsNoTracking().Include(s => s.Official)
            .Where(s => s.Role == OfficialRole.ChildProtection || s.Role == OfficialRole.Supervisor)
            .ToListAsync(cancellationToken);
        var administrators = await db.Officials.AsNoTracking().Where(o => o.IsAdministrator).ToListAsync(cancellationToken);
        var unreachable = await db.UnreachableChats.AsNoTracking().Select(c => new { c.Channel, c.ChatId }).ToListAsync(cancellationToken);
        var endpoints = await db.DeliveryEndpoints.AsNoTracking().Select(e => new { e.OfficialId, e.Kind }).ToListAsync(cancellationToken);
        return new AlertRecipients(units, memberships.Select(s => (s.Official!, s.UnitId, s.Role)), administrators, channelsOn, unreachable.Select(c => (c.Channel, c.ChatId)),
            endpoints.Select(e => (e.OfficialId, e.Kind)));
    }

    /// <summary>The channels that can deliver on this node: those with a sender (Telegram without a token has none).</summary>
    public static IReadOnlySet<string> ChannelsOf(IEnumerable<IMessageSender> senders) => senders.Select(s => s.Channel).ToHashSet(StringComparer.Ordinal);

    public bool Reachable(Official official) =>
        (_channels.Contains(official.Channel) && !_unreachable.Contains((official.Channel, official.ChatId))) || _withEndpoint.Contains(official.Id);

    public string? UnitName(long unit) => _units.TryGetValue(unit, out var u) ? u.NameVi : null;

    public Official? Official(long id) => _memberships.Select(s => s.Official).FirstOrDefault(o => o.Id == id);

    /// <summary>Who hears of a case of <paramref name="unit"/>, starting at <paramref name="from"/> and going up while nobody there is reachable.</summary>
    public AlertRoute Route(long? unit, AlertTier from = AlertTier.Unit)
    {
        if (unit is { } id && _units.ContainsKey(id))
        {
            if (from <= AlertTier.Unit && Reachable(Of(id, OfficialRole.ChildProtection)) is { Count: > 0 } workers)
            {
                return new AlertRoute(workers, AlertTier.Unit);
            }

            var chain = Chain(id);
            if (from <= AlertTier.Supervisors)
            {
                foreach (var at in chain.Take(chain.Count - 1))
                {
                    if (Reachable(Of(at.Id, OfficialRole.Supervisor)) is { Count: > 0 } supervisors)
                    {
                        return new AlertRoute(supervisors, AlertTier.Supervisors);
                    }
                }
            }

            if (Reachable(Of(chain[^1].Id, OfficialRole.Supervisor)) is { Count: > 0 } province)
            {
                return new AlertRoute(province, AlertTier.Province);
            }
        }

        return new AlertRoute(Reachable(_administrators), AlertTier.Administrators);
    }

    /// <summary>
    /// Who hears a clock warning: whoever took the case (else the unit's case workers) and the nearest supervisors,
    /// those of them who are reachable; when none is, up the tree as for a new case.
    /// </summary>
    public AlertRoute Watchers(ChildCase filed)
    {
        ArgumentNullException.ThrowIfNull(filed);
        if (filed.UnitId is not { } unit || !_units.ContainsKey(unit))
        {
            return Route(null);
        }

        var taker = filed.AssigneeId is { } assignee ? Official(assignee) : null;
        var responsible = Reachable(taker is not null ? [taker] : Of(unit, OfficialRole.ChildProtection));
        var supervisors = Chain(unit).Select(u => Reachable(Of(u.Id, OfficialRole.Supervisor))).FirstOrDefault(s => s.Count > 0) ?? [];
        var watchers = responsible.Concat(supervisors).DistinctBy(o => o.Id).ToList();
        return watchers.Count > 0 ? new AlertRoute(watchers, responsible.Count > 0 ? AlertTier.Unit : AlertTier.Supervisors) : Route(unit, AlertTier.Province);
    }

    /// <summary>The unit, its parent, ... up to the root (the province).</summary>
    private List<Unit> Chain(long unit)
    {
        var chain = new List<Unit>();
        for (var at = _units.GetValueOrDefault(unit); at is not null && chain.Count < 20; at = at.ParentId is { } parent ? _units.GetValueOrDefault(parent) : null)
        {
            chain.Add(at);
        }

        return chain;
    }

    private List<Official> Reachable(IEnumerable<Official> officials) => [.. officials.Where(Reachable).DistinctBy(o => o.Id)];

    private List<Official> Of(long unit, OfficialRole role) =>
        [.. _memberships.Where(s => s.UnitId == unit && s.Role == role).Select(s => s.Official).DistinctBy(o => o.Id)];
}

/// <summary>How far up an alert had to go to reach someone.</summary>
public enum AlertTier
{
    Unit,
    Supervisors,
    Province,
    Administrators,
}

/// <summary>The officials an alert goes to and the level they were found at; at <see cref="AlertTier.Administrators"/> the case is unattended.</summary>
public sealed record AlertRoute(IReadOnlyList<Official> To, AlertTier Tier)
{
    public bool Unattended => Tier == AlertTier.Administrators;

    /// <summary>
    /// What the case record keeps: "NewCase|Unit|2|telegram" (the kind, the level, how many, by which channels);
    /// counts and channels only, never who.
    /// </summary>
    public string Detail(string kind)
    {
        var channels = To.Count == 0 ? "-" : string.Join('+', To.Select(o => o.Channel).Distinct().Order(StringComparer.Ordinal));
        return FormattableString.Invariant($"{kind}|{Tier}|{To.Count}|{channels}");
    }
}
