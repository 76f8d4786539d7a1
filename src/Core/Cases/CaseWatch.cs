using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Cases;

/// <summary>
/// The case clocks: alerts a unit's case workers to a new case at once; warns the assignee and the supervisors
/// before a clock runs out and again when it has; and when nobody takes a high-risk case within
/// <see cref="CaseSettings.TakeWithinMinutes"/>, escalates to the supervisor, then to the province. Whoever
/// cannot be reached is passed over, up the tree to the administrators (<see cref="AlertRecipients"/>), and an
/// unrouted case goes to them too. Each alert is sent once (a row per case and kind, claimed before sending, and
/// an outbox dedup key), whichever job asks and however often, and the record says whom it reached by count and
/// channel. The Scheduler's jobs call it: <see cref="CheckCaseAsync"/> at each of a case's moments
/// (<see cref="CaseClocks.Moments"/>), <see cref="RunOnceAsync"/> and <see cref="UpcomingAsync"/> from the sweep.
/// </summary>
public sealed partial class CaseWatch(
    IDbContextFactory<ChildCareDbContext> contexts,
    CaseNotifier notifier,
    CaseAudit audit,
    CaseSettings settings,
    TimeProvider time,
    IEnumerable<IMessageSender> senders,
    ILogger<CaseWatch> logger) : IDisposable
{
    private readonly IReadOnlySet<string> _channels = AlertRecipients.ChannelsOf(senders);

    // One round at a time on a node, so a flood makes one digest, not one per concurrent round.
    private readonly SemaphoreSlim _round = new(1, 1);

    public void Dispose() => _round.Dispose();

    /// <summary>
    /// One case, re-read now: sends what it is owed at this moment and nothing if the moment has passed (taken,
    /// moved, closed) or its alert went out already. Returns how many alerts went out.
    /// </summary>
    public async Task<int> CheckCaseAsync(long caseId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var filed = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == caseId && c.Stage != CaseStage.Closed, cancellationToken);
        if (filed is null)
        {
            return 0;
        }

        if (filed.UnitId is { } unit && filed.Risk != RiskLevel.High)
        {
            // A flooded unit's new cases go out as one digest: that needs the whole round.
            var received = await db.Cases.AsNoTracking().Where(c => c.UnitId == unit && c.Stage != CaseStage.Closed).Select(c => c.ReceivedAt).ToListAsync(cancellationToken);
            if (received.Count(r => r >= now - FloodWindow) > settings.FloodNewCases)
            {
                return await RunOnceAsync(cancellationToken);
            }
        }

        return await AlertAsync(db, [filed], now, cancellationToken);
    }

    /// <summary>One round over the open cases; returns how many alerts went out (an alert that reached nobody counts: it is recorded).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var open = await db.Cases.AsNoTracking().Where(c => c.Stage != CaseStage.Closed).ToListAsync(cancellationToken);
            return open.Count == 0 ? 0 : await AlertAsync(db, open, now, cancellationToken);
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>The open cases' moments from now to <paramref name="within"/> ahead: what the sweep makes sure has a job.</summary>
    public async Task<IReadOnlyList<(long CaseId, DateTimeOffset At)>> UpcomingAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Cases.AsNoTracking().Where(c => c.Stage != CaseStage.Closed).ToListAsync(cancellationToken);
        return [.. open.SelectMany(c => CaseClocks.Moments(c, settings, now).Where(m => m <= now + within).Select(m => (c.Id, m)))];
    }

    private async Task<int> AlertAsync(ChildCareDbContext db, List<ChildCase> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = open.Select(c => c.Id).ToList();
        var sent = (await db.CaseAlerts.AsNoTracking().Where(a => ids.Contains(a.CaseId)).Select(a => new { a.CaseId, a.Kind }).ToListAsync(cancellationToken))
            .Select(a => (a.CaseId, a.Kind)).ToHashSet();
        var people = await AlertRecipients.LoadAsync(db, _channels, cancellationToken);
        var undelivered = await UndeliveredAsync(db, open, sent, cancellationToken);
        var count = 0;

        // A unit flooded with new cases (a script filing fake reports, or a real disaster) gets one digest a round
        // instead of an alert per case; high-risk ones still come one by one.
        var flooded = open.Where(c => c.UnitId is not null && c.ReceivedAt >= now - FloodWindow)
            .GroupBy(c => c.UnitId!.Value).Where(g => g.Count() > settings.FloodNewCases).ToDictionary(g => g.Key, g => g.Count());
        var digests = new Dictionary<long, (List<ChildCase> Cases, IReadOnlyCollection<Official> To)>();
        foreach (var filed in open)
        {
            foreach (var (kind, route) in Due(filed, people, now, undelivered.Contains(filed.Id)))
            {
                if (sent.Contains((filed.Id, kind)) || !await ClaimAsync(filed.Id, kind, now, cancellationToken))
                {
                    continue;
                }

                if (kind == CaseAlertKind.NewCase && filed.Risk != RiskLevel.High && !route.Unattended && filed.UnitId is { } floodedUnit && flooded.ContainsKey(floodedUnit))
                {
                    var digest = digests.TryGetValue(floodedUnit, out var d) ? d : digests[floodedUnit] = ([], route.To);
                    digest.Cases.Add(filed);
                    await RecordAsync(filed.Id, kind, route, now, cancellationToken);
                    continue;
                }

                var unitName = filed.UnitId is { } unit ? people.UnitName(unit) : null;
                await notifier.AlertAsync(filed, kind, unitName, route, now, cancellationToken);
                await RecordAsync(filed.Id, kind, route, now, cancellationToken);
                if (route.Unattended)
                {
                    LogUnattended(filed.Code, kind.ToString(), route.To.Count);
                }
                else
                {
                    LogAlert(filed.Code, kind.ToString(), route.To.Count, route.Tier.ToString());
                }

                count++;
            }
        }

        foreach (var (unit, digest) in digests)
        {
            var administrators = await db.Officials.AsNoTracking().Where(o => o.IsAdministrator && o.Channel == OutboxMessage.TelegramChannel).ToListAsync(cancellationToken);
            await notifier.FloodAsync(digest.Cases, people.UnitName(unit), flooded[unit], settings.FloodNewCases, digest.To, administrators, now, cancellationToken);
            LogFlood(digest.Cases.Count, flooded[unit], administrators.Count);
            count++;
        }

        return count;
    }

    private static readonly TimeSpan FloodWindow = TimeSpan.FromMinutes(10);

    /// <summary>The alerts a case is owed now, each with who it reaches.</summary>
    private IEnumerable<(CaseAlertKind Kind, AlertRoute To)> Due(ChildCase filed, AlertRecipients people, DateTimeOffset now, bool newCaseUndelivered)
    {
        if (filed.UnitId is not { } unit)
        {
            // Nobody's case until an administrator routes it; then the unit's NewCase alert goes out.
            yield return (CaseAlertKind.Unrouted, people.Route(null));
            yield break;
        }

        yield return (CaseAlertKind.NewCase, people.Route(unit));
        if (newCaseUndelivered)
        {
            // Everyone it went to turned out to have blocked the bot: once more, to whoever can be reached now.
            yield return (CaseAlertKind.NewCaseUndelivered, people.Route(unit));
        }

        if (filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null)
        {
            if (now >= emergency)
            {
                yield return (CaseAlertKind.EmergencyExpired, people.Watchers(filed));
            }
            else if (now >= emergency.AddMinutes(-settings.EmergencyWarningMinutes))
            {
                yield return (CaseAlertKind.EmergencyWarning, people.Watchers(filed));
            }
        }

        if (filed.PlanDueAt is { } plan && filed.PlanMadeAt is null)
        {
            if (now >= plan)
            {
                yield return (CaseAlertKind.PlanExpired, people.Watchers(filed));
            }
            else if (now >= plan.AddHours(-settings.PlanWarningHours))
            {
                yield return (CaseAlertKind.PlanWarning, people.Watchers(filed));
            }
        }

        if (filed.Risk == RiskLevel.High && filed.AssigneeId is null)
        {
            var waited = now - filed.ReceivedAt;
            if (waited >= TimeSpan.FromMinutes(settings.TakeWithinMinutes))
            {
                yield return (CaseAlertKind.UntakenToSupervisor, people.Route(unit, AlertTier.Supervisors));
            }

            if (waited >= TimeSpan.FromMinutes(2 * settings.TakeWithinMinutes))
            {
                yield return (CaseAlertKind.UntakenToProvince, people.Route(unit, AlertTier.Province));
            }
        }
    }

    /// <summary>
    /// The untaken cases whose new-case alert reached nobody: every message of it came back unreachable (the chat
    /// blocked the bot, which is learnt only on sending) or failed for good.
    /// </summary>
    private static async Task<HashSet<long>> UndeliveredAsync(ChildCareDbContext db, List<ChildCase> open, HashSet<(long, CaseAlertKind)> sent, CancellationToken cancellationToken)
    {
        var waiting = open.Where(c => c.AssigneeId is null && sent.Contains((c.Id, CaseAlertKind.NewCase)) && !sent.Contains((c.Id, CaseAlertKind.NewCaseUndelivered))).ToList();
        if (waiting.Count == 0)
        {
            return [];
        }

        var since = waiting.Min(c => c.ReceivedAt);
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Purpose == MessagePurposes.CaseAlert && m.CreatedAt >= since && m.DedupKey != null && m.DedupKey.Contains(":NewCase:"))
            .Select(m => new { m.DedupKey, m.Status }).ToListAsync(cancellationToken);
        var byCase = rows.GroupBy(r => r.DedupKey!.Split(':')[1]).ToDictionary(g => g.Key, g => g.All(r => r.Status is OutboxStatus.Unreachable or OutboxStatus.Failed));
        return [.. waiting.Where(c => byCase.TryGetValue(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), out var lost) && lost).Select(c => c.Id)];
    }

    // The row first: a second watcher (the case's own clock job beside the sweep, a lost lead, a retried round) finds it
    // and sends nothing. A claim taken already is an answer, not an error: no failed command in the log for it.
    private async Task<bool> ClaimAsync(long caseId, CaseAlertKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var claimed = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO case_alerts (case_id, kind, sent_at) VALUES ({caseId}, {kind.ToString()}, {db.TimeValue(now)}) ON CONFLICT (case_id, kind) DO NOTHING",
            cancellationToken);
        return claimed == 1;
    }

    private async Task RecordAsync(long caseId, CaseAlertKind kind, AlertRoute route, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var action = kind is CaseAlertKind.UntakenToSupervisor or CaseAlertKind.UntakenToProvince ? CaseAction.Escalated : CaseAction.Alerted;
        db.CaseEvents.Add(new CaseEvent { CaseId = caseId, At = now, Actor = "system", Action = action, Detail = route.Detail(kind.ToString()) });
        await audit.SaveAsync(db, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: {Code} alert {Kind} to {Recipients} official(s) at level {Tier}")]
    private partial void LogAlert(string code, string kind, int recipients, string tier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: {Code} alert {Kind} reached nobody in the unit's tree; {Administrators} administrator(s) told by chat, the dashboard lists the case as unattended")]
    private partial void LogUnattended(string code, string kind, int administrators);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: a unit got {InWindow} new cases in 10 minutes; {Count} alerts went out as one digest and {Administrators} administrator(s) were warned")]
    private partial void LogFlood(int count, int inWindow, int administrators);
}
