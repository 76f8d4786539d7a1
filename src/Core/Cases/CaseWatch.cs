using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Cases;

/// <summary>
/// Watches the open cases: alerts a unit's case workers to a new case at once; warns the assignee and the
/// supervisors before a clock runs out and again when it has; and when nobody takes a high-risk case within
/// <see cref="CaseSettings.TakeWithinMinutes"/>, escalates to the supervisor, then to the province. Each alert
/// is sent once (a row per case and kind), by one node at a time.
/// </summary>
internal sealed partial class CaseWatch(
    IDbContextFactory<ChildCareDbContext> contexts,
    CaseNotifier notifier,
    CaseAudit audit,
    CaseSignal signal,
    CaseSettings settings,
    DatabaseSettings database,
    TimeProvider time,
    ILogger<CaseWatch> logger) : BackgroundService
{
    public const long LeaderKey = 0x4368696c64436173; // "ChildCas"
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(30);
    private readonly LeaderLock _leadership = new("watches case clocks", LeaderKey, database, time, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var lease = await _leadership.AcquireAsync(stoppingToken);
                using var running = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                while (!running.IsCancellationRequested)
                {
                    await RunOnceAsync(running.Token);
                    await signal.WaitAsync(Round, running.Token);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                // Lost the lead: stand by.
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                LogFailed(e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    /// <summary>One round over the open cases; returns how many alerts went out.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Cases.AsNoTracking().Where(c => c.Stage != CaseStage.Closed).ToListAsync(cancellationToken);
        if (open.Count == 0)
        {
            return 0;
        }

        var ids = open.Select(c => c.Id).ToList();
        var sent = (await db.CaseAlerts.AsNoTracking().Where(a => ids.Contains(a.CaseId)).Select(a => new { a.CaseId, a.Kind }).ToListAsync(cancellationToken))
            .Select(a => (a.CaseId, a.Kind)).ToHashSet();
        var people = await Directory.LoadAsync(db, cancellationToken);
        var count = 0;
        foreach (var filed in open)
        {
            foreach (var (kind, recipients) in Due(filed, people, now))
            {
                if (sent.Contains((filed.Id, kind)) || !await ClaimAsync(filed.Id, kind, now, cancellationToken))
                {
                    continue;
                }

                var unitName = filed.UnitId is { } unit ? people.UnitName(unit) : null;
                await notifier.AlertAsync(filed, kind, unitName, recipients, now, cancellationToken);
                await RecordAsync(filed.Id, kind, recipients.Count, now, cancellationToken);
                LogAlert(filed.Code, kind.ToString(), recipients.Count);
                count++;
            }
        }

        return count;
    }

    /// <summary>The alerts a case is owed now, each with its recipients.</summary>
    private IEnumerable<(CaseAlertKind Kind, IReadOnlyCollection<Official> To)> Due(ChildCase filed, Directory people, DateTimeOffset now)
    {
        if (filed.UnitId is not { } unit)
        {
            yield break;
        }

        var workers = people.Workers(unit);
        var supervisors = people.SupervisorsOf(unit);
        yield return (CaseAlertKind.NewCase, workers.Count > 0 ? workers : supervisors);

        var responsible = filed.AssigneeId is { } assignee && people.Official(assignee) is { } taker ? [taker] : workers;
        var watchers = responsible.Concat(supervisors).DistinctBy(o => o.Id).ToList();
        if (filed.EmergencyDueAt is { } emergency && filed.EmergencyStartedAt is null)
        {
            if (now >= emergency)
            {
                yield return (CaseAlertKind.EmergencyExpired, watchers);
            }
            else if (now >= emergency.AddMinutes(-settings.EmergencyWarningMinutes))
            {
                yield return (CaseAlertKind.EmergencyWarning, watchers);
            }
        }

        if (filed.PlanDueAt is { } plan && filed.PlanMadeAt is null)
        {
            if (now >= plan)
            {
                yield return (CaseAlertKind.PlanExpired, watchers);
            }
            else if (now >= plan.AddHours(-settings.PlanWarningHours))
            {
                yield return (CaseAlertKind.PlanWarning, watchers);
            }
        }

        if (filed.Risk == RiskLevel.High && filed.AssigneeId is null)
        {
            var waited = now - filed.ReceivedAt;
            if (waited >= TimeSpan.FromMinutes(settings.TakeWithinMinutes))
            {
                yield return (CaseAlertKind.UntakenToSupervisor, supervisors);
            }

            if (waited >= TimeSpan.FromMinutes(2 * settings.TakeWithinMinutes))
            {
                yield return (CaseAlertKind.UntakenToProvince, people.ProvinceSupervisorsOf(unit));
            }
        }
    }

    // The row first: a second watcher (a lost lead, a retried round) finds it and sends nothing.
    private async Task<bool> ClaimAsync(long caseId, CaseAlertKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.CaseAlerts.Add(new CaseAlert { CaseId = caseId, Kind = kind, SentAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private async Task RecordAsync(long caseId, CaseAlertKind kind, int recipients, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var action = kind is CaseAlertKind.UntakenToSupervisor or CaseAlertKind.UntakenToProvince ? CaseAction.Escalated : CaseAction.Alerted;
        db.CaseEvents.Add(new CaseEvent { CaseId = caseId, At = now, Actor = "system", Action = action, Detail = $"{kind} → {recipients}" });
        await audit.SaveAsync(db, cancellationToken);
    }

    /// <summary>The units and their officials, loaded once a round.</summary>
    private sealed class Directory(Dictionary<long, Unit> units, Dictionary<string, Unit> byCode, List<(Official Official, long UnitId, OfficialRole Role)> subscriptions)
    {
        public static async Task<Directory> LoadAsync(ChildCareDbContext db, CancellationToken cancellationToken)
        {
            var units = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
            var subscriptions = await db.Subscriptions.AsNoTracking().Include(s => s.Official)
                .Where(s => s.Role == OfficialRole.ChildProtection || s.Role == OfficialRole.Supervisor)
                .ToListAsync(cancellationToken);
            return new Directory(units.ToDictionary(u => u.Id), units.ToDictionary(u => u.Code, StringComparer.Ordinal),
                [.. subscriptions.Select(s => (s.Official!, s.UnitId, s.Role))]);
        }

        public string? UnitName(long unit) => units.TryGetValue(unit, out var u) ? u.NameVi : null;

        public Official? Official(long id) => subscriptions.Select(s => s.Official).FirstOrDefault(o => o.Id == id);

        public List<Official> Workers(long unit) => Of(unit, OfficialRole.ChildProtection);

        /// <summary>The unit's supervisors, else the nearest unit above that has some.</summary>
        public List<Official> SupervisorsOf(long unit)
        {
            for (var at = units.GetValueOrDefault(unit); at is not null; at = at.ParentId is { } parent ? units.GetValueOrDefault(parent) : null)
            {
                var found = Of(at.Id, OfficialRole.Supervisor);
                if (found.Count > 0)
                {
                    return found;
                }
            }

            return [];
        }

        /// <summary>The supervisors of the province the unit belongs to (the root of its code).</summary>
        public List<Official> ProvinceSupervisorsOf(long unit)
        {
            if (!units.TryGetValue(unit, out var at))
            {
                return [];
            }

            var root = at.Code.Split('/')[0];
            return byCode.TryGetValue(root, out var province) ? Of(province.Id, OfficialRole.Supervisor) : [];
        }

        private List<Official> Of(long unit, OfficialRole role) =>
            [.. subscriptions.Where(s => s.UnitId == unit && s.Role == role).Select(s => s.Official).DistinctBy(o => o.Id)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: {Code} alert {Kind} to {Recipients} official(s)")]
    private partial void LogAlert(string code, string kind, int recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: the case watcher failed ({Error}); trying again in 5 s")]
    private partial void LogFailed(string error);
}
