using System.Globalization;
using System.Linq.Expressions;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Cases;

/// <summary>
/// What officials and integrations do with cases: list the queue, open a case, and work it (take, set the risk,
/// move a stage, close, reopen, refer, add a note). Every open and every change is recorded as a
/// <see cref="CaseEvent"/>; a case someone may not see is "not found", exactly like one that does not exist.
/// </summary>
/// <remarks>
/// The right to see or act is part of the query that reads a case (<see cref="Visible"/>), never a check after
/// it: a case of another unit and a code that does not exist run the same queries and get the same answer, so
/// neither the answer nor its time tells whether another unit's case exists.
/// </remarks>
public sealed partial class CaseDesk
{
    private readonly IDbContextFactory<ChildCareDbContext> _contexts;
    private readonly CaseIntake _intake;
    private readonly Sealer _sealer;
    private readonly CaseAudit _audit;
    private readonly CaseNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly ILogger<CaseDesk> _logger;
    private readonly IReadOnlySet<string> _channels;
    private readonly ICaseClockJobs? _clocks;

    internal CaseDesk(
        IDbContextFactory<ChildCareDbContext> contexts, CaseIntake intake, Sealer sealer, CaseAudit audit, CaseNotifier notifier, TimeProvider time, ILogger<CaseDesk> logger,
        IReadOnlySet<string>? channels = null, ICaseClockJobs? clocks = null)
    {
        _contexts = contexts;
        _intake = intake;
        _sealer = sealer;
        _audit = audit;
        _notifier = notifier;
        _time = time;
        _logger = logger;
        _channels = channels ?? new HashSet<string>();
        _clocks = clocks;
    }

    /// <summary>
    /// What needs an administrator, in queue fields only (nothing identifying; not a read): the open cases that
    /// found no unit, to be routed, and the open untaken cases whose unit and the units above it have nobody the
    /// bot can reach, so nobody was told.
    /// </summary>
    public async Task<CaseAttention> AttentionAsync(CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var open = await db.Cases.AsNoTracking().Where(c => c.Stage != CaseStage.Closed && (c.UnitId == null || c.AssigneeId == null))
            .OrderByDescending(c => c.Id).Take(5000).ToListAsync(cancellationToken);
        var people = await AlertRecipients.LoadAsync(db, _channels, cancellationToken);
        var units = await UnitCodesAsync(db, open, cancellationToken);
        var now = _time.GetUtcNow();
        var unrouted = open.Where(c => c.UnitId is null).Select(c => Summary(c, units, now)).ToList();
        var unattended = open.Where(c => c.UnitId is { } unit && c.AssigneeId is null && c.ReferredToUnitId is null && people.Route(unit).Unattended)
            .Select(c => Summary(c, units, now)).ToList();
        return new CaseAttention(unrouted, unattended);
    }

    /// <summary>
    /// An administrator routes a case that found no unit (province or commune unknown) to a unit; recorded, and
    /// the unit's new-case alert then goes out as for a case filed there. Anyone else finds nothing.
    /// </summary>
    public async Task<CaseResult> RouteAsync(long administratorId, string code, string unitCode, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Officials.AnyAsync(o => o.Id == administratorId && o.IsAdministrator, cancellationToken))
        {
            return new CaseResult(CaseOutcome.NotFound);
        }

        var filed = await db.Cases.SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (filed is null)
        {
            return new CaseResult(CaseOutcome.NotFound);
        }

        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode, cancellationToken);
        if (unit is null)
        {
            return new CaseResult(CaseOutcome.Refused, "RuleUnknownUnit");
        }

        var now = _time.GetUtcNow();
        try
        {
            filed.RouteLater(unit.Id, unit.EmergencyHours ?? CaseClocks.DefaultEmergencyHours, now);
        }
        catch (CaseRuleException e)
        {
            return new CaseResult(CaseOutcome.Refused, e.Rule);
        }

        var actor = string.Create(CultureInfo.InvariantCulture, $"official:{administratorId}");
        filed.Version++;
        db.CaseEvents.Add(new CaseEvent { CaseId = filed.Id, At = now, Actor = actor, Action = CaseAction.Routed, Detail = unit.Code });
        try
        {
            await _audit.SaveAsync(db, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new CaseResult(CaseOutcome.Refused, "RuleAlreadyRouted");
        }

        LogChanged(filed.Code, nameof(CaseAction.Routed), actor);
        _clocks?.Changed(filed);
        return new CaseResult(CaseOutcome.Done, Case: filed);
    }

    /// <summary>The official behind a chat, with the rights their units give; null when the chat is no official's.</summary>
    public async Task<CaseViewer?> ViewerForChatAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var official = await db.Officials.AsNoTracking().Where(o => o.Channel == channel && o.ChatId == chatId).Select(o => o.Id).Cast<long?>().SingleOrDefaultAsync(cancellationToken);
        return official is { } id ? await ViewerForOfficialAsync(db, id, cancellationToken) : null;
    }

    public async Task<CaseViewer?> ViewerForOfficialAsync(long officialId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await ViewerForOfficialAsync(db, officialId, cancellationToken);
    }

    private static async Task<CaseViewer?> ViewerForOfficialAsync(ChildCareDbContext db, long officialId, CancellationToken cancellationToken)
    {
        var grants = await db.Subscriptions.AsNoTracking().Where(s => s.OfficialId == officialId)
            .Select(s => new { s.Unit!.Code, s.Role }).ToListAsync(cancellationToken);
        return grants.Count == 0 ? null : CaseViewer.ForOfficial(officialId, grants.Select(g => (g.Code, g.Role)));
    }

    public async Task<IReadOnlyList<CaseSummary>> ListAsync(CaseViewer viewer, CaseFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Cases.AsNoTracking();
        if (filter.Stage is { } stage)
        {
            query = query.Where(c => c.Stage == stage);
        }

        if (filter.Risk is { } risk)
        {
            query = query.Where(c => c.Risk == risk);
        }

        // Filtered by unit and rights in memory: a viewer's grants are few, and the unit tree is walked by code.
        var candidates = await query.OrderByDescending(c => c.Id).Take(5000).ToListAsync(cancellationToken);
        var units = await UnitCodesAsync(db, candidates, cancellationToken);
        var now = _time.GetUtcNow();
        return [.. candidates
            .Where(c => viewer.Can(CaseRight.Read, UnitCode(units, c.UnitId)) || (c.ReferredToUnitId is { } to && viewer.Can(CaseRight.Read, UnitCode(units, to))))
            .Where(c => filter.UnitCode is null || (UnitCode(units, c.UnitId) is { } code && Unit.IsWithin(code, filter.UnitCode)))
            .Select(c => Summary(c, units, now))
            .Where(s => filter.Overdue is null || s.Overdue == filter.Overdue)
            .Take(Math.Clamp(filter.Limit, 1, 1000))];
    }

    /// <summary>How long after a person's own change to a case opening it again is part of that change, not a new read.</summary>
    public static readonly TimeSpan OwnChangeCoversRead = TimeSpan.FromMinutes(5);

    /// <summary>Opens a case for someone allowed to read it, and records that they did.</summary>
    public Task<CaseView?> GetAsync(CaseViewer viewer, string code, CancellationToken cancellationToken) =>
        GetAsync(viewer, code, afterOwnChange: false, cancellationToken);

    /// <summary>
    /// Opens a case for someone allowed to read it, and records that they did; except (<paramref name="afterOwnChange"/>)
    /// the page shown right after the reader's own change to it: their change, the case's last line and under
    /// <see cref="OwnChangeCoversRead"/> old, already says they had it open. The record decides, not the caller: a
    /// reader whose last line is not that change is recorded as reading, whatever the page says.
    /// </summary>
    public async Task<CaseView?> GetAsync(CaseViewer viewer, string code, bool afterOwnChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var filed = await Visible(db, viewer, CaseRight.Read).SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (filed is null)
        {
            LogDenied(viewer.Actor);
            return null;
        }

        var units = await UnitCodesAsync(db, [filed], cancellationToken);
        var now = _time.GetUtcNow();
        var last = afterOwnChange
            ? await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == filed.Id).OrderByDescending(e => e.Id)
                .Select(e => new { e.Actor, e.Action, e.At }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (last is null || last.Actor != viewer.Actor || last.Action == CaseAction.Read || last.At < now - OwnChangeCoversRead)
        {
            db.CaseEvents.Add(new CaseEvent { CaseId = filed.Id, At = now, Actor = viewer.Actor, Action = CaseAction.Read, Detail = viewer.SeesDetails ? "details" : "summary" });
            await _audit.SaveAsync(db, cancellationToken);
        }

        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == filed.Id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var history = events.Select(e => new CaseHistoryLine(e.At, e.Actor, e.Action, e.Detail,
            e.SealedText is null || !viewer.SeesDetails ? null : _sealer.Open(e.SealedText, SealContext(filed)))).ToList();
        var details = viewer.SeesDetails ? _intake.Open(filed) : CaseDetails.Withheld;
        return new CaseView(Summary(filed, units, now), details, filed.AgeBand, filed.ChildSex, filed.Suspect, filed.Anonymous, filed.ContactConsent, history, filed.NextStages);
    }

    /// <summary>
    /// What the viewer may do with a case, and the case's queue fields (nothing identifying, so not recorded as a
    /// read): Done when they may act, Forbidden when they may only read, NotFound otherwise.
    /// </summary>
    public async Task<CaseResult> PeekAsync(CaseViewer viewer, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var filed = await Visible(db, viewer, CaseRight.Act).AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        return filed is not null ? new CaseResult(CaseOutcome.Done, Case: filed) : await NotActableAsync(db, viewer, code, cancellationToken);
    }

    /// <summary>The code of a case the viewer may read, by its id (chat buttons carry ids); null otherwise.</summary>
    public async Task<string?> VisibleCodeAsync(CaseViewer viewer, long caseId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await Visible(db, viewer, CaseRight.Read).Where(c => c.Id == caseId).Select(c => c.Code).SingleOrDefaultAsync(cancellationToken);
    }

    public Task<CaseResult> TakeAsync(CaseViewer viewer, string code, CancellationToken cancellationToken) =>
        ActAsync(viewer, code, CaseAction.Taken, (c, now) =>
        {
            c.Take(viewer.OfficialId ?? throw new CaseRuleException("RuleOfficialsOnly", "Only an official can take a case."), now);
            return null;
        }, null, cancellationToken);

    public Task<CaseResult> SetRiskAsync(CaseViewer viewer, string code, RiskLevel level, string? reason, CancellationToken cancellationToken) =>
        ActAsync(viewer, code, CaseAction.RiskSet, (c, now) =>
        {
            var before = c.Risk;
            c.SetRisk(level, reason, now);
            return $"{before?.ToString() ?? "-"}→{level}";
        }, reason, cancellationToken);

    public Task<CaseResult> MoveAsync(CaseViewer viewer, string code, CaseStage stage, CancellationToken cancellationToken) =>
        ActAsync(viewer, code, CaseAction.Moved, (c, now) =>
        {
            var before = c.Stage;
            c.MoveTo(stage, now);
            return $"{before}→{stage}";
        }, null, cancellationToken);

    public Task<CaseResult> CloseAsync(CaseViewer viewer, string code, string? reason, CancellationToken cancellationToken) =>
        ActAsync(viewer, code, CaseAction.Closed, (c, now) =>
        {
            c.Close(reason, now);
            return null;
        }, reason, cancellationToken);

    public Task<CaseResult> ReopenAsync(CaseViewer viewer, string code, string? reason, CancellationToken cancellationToken) =>
        ActAsync(viewer, code, CaseAction.Reopened, (c, now) =>
        {
            c.Reopen(reason, now);
            return null;
        }, reason, cancellationToken);

    public Task<CaseResult> AddNoteAsync(CaseViewer viewer, string code, string? note, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(note) || note.Length > 2000)
        {
            return Task.FromResult(new CaseResult(CaseOutcome.Refused, "RuleNoteLength"));
        }

        return ActAsync(viewer, code, CaseAction.NoteAdded, (_, _) => null, note.Trim(), cancellationToken);
    }

    public async Task<CaseResult> ReferAsync(CaseViewer viewer, string code, string unitCode, string? reason, CancellationToken cancellationToken)
    {
        // The right first: whether the unit exists is no answer for someone who may not act on the case.
        var peek = await PeekAsync(viewer, code, cancellationToken);
        if (!peek.Ok)
        {
            return peek;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var target = await db.Units.AsNoTracking().Where(u => u.Code == unitCode).Select(u => (long?)u.Id).SingleOrDefaultAsync(cancellationToken);
        return target is not { } unitId
            ? new CaseResult(CaseOutcome.Refused, "RuleUnknownUnit")
            : await ActAsync(viewer, code, CaseAction.Referred, (c, now) =>
            {
                c.Refer(unitId, reason, now);
                return $"→{unitCode}";
            }, reason, cancellationToken);
    }

    /// <summary>
    /// Refers a case to the commune or ward of the same province whose name was typed ("cam thuy"), and alerts
    /// that unit's case workers (else its supervisors) with the buttons to accept or refuse.
    /// </summary>
    public async Task<CaseResult> ReferByNameAsync(CaseViewer viewer, string code, string typedUnit, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(typedUnit);
        Units.Unit? target;
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            // Only for a case the viewer may act on is the typed name looked up in its province: for anyone else a
            // case of another unit is "not found", whatever they typed, exactly as a code that does not exist.
            var current = await Visible(db, viewer, CaseRight.Act).AsNoTracking().Where(c => c.Code == code)
                .Select(c => new { Unit = db.Units.Where(u => u.Id == c.UnitId).Select(u => u.Code).FirstOrDefault() }).SingleOrDefaultAsync(cancellationToken);
            if (current is null)
            {
                return await NotActableAsync(db, viewer, code, cancellationToken);
            }

            target = current.Unit is { } unit ? await CaseRouter.FindCommuneAsync(db, unit.Split('/')[0], typedUnit, cancellationToken) : null;
        }

        if (target is null)
        {
            return new CaseResult(CaseOutcome.Refused, "RuleUnknownUnit");
        }

        var result = await ReferAsync(viewer, code, target.Code, reason, cancellationToken);
        if (result.Ok)
        {
            // Whoever of the receiving unit (else above it) can be reached and may accept; administrators may not,
            // so a unit with nobody reachable is told of nothing and the case stays, attended, where it is.
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var route = (await AlertRecipients.LoadAsync(db, _channels, cancellationToken)).Route(target.Id);
            var recipients = route.Unattended ? [] : route.To;
            var now = _time.GetUtcNow();
            await _notifier.ReferralAsync(result.Case!, target.NameVi, recipients, now, cancellationToken);
            db.CaseEvents.Add(new CaseEvent { CaseId = result.Case!.Id, At = now, Actor = "system", Action = CaseAction.Alerted, Detail = (route with { To = recipients }).Detail("Referred") });
            await _audit.SaveAsync(db, cancellationToken);
        }

        return result;
    }

    /// <summary>The unit a case was referred to takes it over, or says no; only that unit may answer.</summary>
    public async Task<CaseResult> AnswerReferralAsync(CaseViewer viewer, string code, bool accept, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var receivingUnits = Units(db, viewer, CaseRight.Act);
        var filed = await db.Cases.Where(c => c.Code == code && receivingUnits.Any(u => u.Id == c.ReferredToUnitId)).SingleOrDefaultAsync(cancellationToken);
        if (filed?.ReferredToUnitId is not { } to)
        {
            // Only someone who may read the case learns that it exists, and whether it was referred.
            var readable = await Visible(db, viewer, CaseRight.Read).AsNoTracking().Where(c => c.Code == code)
                .Select(c => new { Referred = c.ReferredToUnitId != null }).SingleOrDefaultAsync(cancellationToken);
            return readable is null ? new CaseResult(CaseOutcome.NotFound)
                : readable.Referred ? new CaseResult(CaseOutcome.Forbidden)
                : new CaseResult(CaseOutcome.Refused, "RuleNoReferral");
        }

        var receiving = await db.Units.AsNoTracking().SingleAsync(u => u.Id == to, cancellationToken);

        var now = _time.GetUtcNow();
        try
        {
            if (accept)
            {
                filed.AcceptReferral(receiving.EmergencyHours ?? CaseClocks.DefaultEmergencyHours, now);
            }
            else
            {
                filed.RefuseReferral(reason, now);
            }
        }
        catch (CaseRuleException e)
        {
            return new CaseResult(CaseOutcome.Refused, e.Rule);
        }

        Record(db, filed, viewer, accept ? CaseAction.ReferralAccepted : CaseAction.ReferralRefused, receiving.Code, reason, now);
        await _audit.SaveAsync(db, cancellationToken);
        if (accept)
        {
            // The receiving unit's own emergency limit moves the clock.
            _clocks?.Changed(filed);
        }

        return new CaseResult(CaseOutcome.Done, Case: filed);
    }

    private async Task<CaseResult> ActAsync(CaseViewer viewer, string code, CaseAction action, Func<ChildCase, DateTimeOffset, string?> change, string? typed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var filed = await Visible(db, viewer, CaseRight.Act).SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
            if (filed is null)
            {
                return await NotActableAsync(db, viewer, code, cancellationToken);
            }

            var now = _time.GetUtcNow();
            var coarse = filed.Stage.Coarse();
            string? detail;
            try
            {
                detail = change(filed, now);
            }
            catch (CaseRuleException e)
            {
                return new CaseResult(CaseOutcome.Refused, e.Rule);
            }

            Record(db, filed, viewer, action, detail, typed, now);
            try
            {
                await _audit.SaveAsync(db, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                continue;
            }

            LogChanged(filed.Code, action.ToString(), viewer.Actor);
            if (action is CaseAction.RiskSet or CaseAction.Reopened)
            {
                // New moments may lie ahead (a high risk starts the emergency clock); a passed one is left to the job that re-reads.
                _clocks?.Changed(filed);
            }

            if (filed.Stage.Coarse() != coarse)
            {
                await _notifier.TellReporterAsync(filed, cancellationToken);
            }

            return new CaseResult(CaseOutcome.Done, Case: filed);
        }
    }

    private void Record(ChildCareDbContext db, ChildCase filed, CaseViewer viewer, CaseAction action, string? detail, string? typed, DateTimeOffset now)
    {
        filed.Version++;
        db.CaseEvents.Add(new CaseEvent
        {
            CaseId = filed.Id,
            At = now,
            Actor = viewer.Actor,
            Action = action,
            Detail = detail,
            SealedText = typed is null ? null : _sealer.Seal(typed, SealContext(filed)),
        });
    }

    internal static string SealContext(ChildCase filed) => string.Create(CultureInfo.InvariantCulture, $"case-event:{filed.SubmissionId}");

    /// <summary>
    /// The cases whose unit the viewer has <paramref name="right"/> on, as part of the query; for reading also the
    /// cases referred to such a unit (it must see what it is asked to accept).
    /// </summary>
    private static IQueryable<ChildCase> Visible(ChildCareDbContext db, CaseViewer viewer, CaseRight right)
    {
        if (viewer.Grants.Any(g => g.Right >= right && g.UnitCode == CaseViewer.AllUnits))
        {
            return db.Cases;
        }

        var units = Units(db, viewer, right);
        return right == CaseRight.Read
            ? db.Cases.Where(c => units.Any(u => u.Id == c.UnitId) || units.Any(u => u.Id == c.ReferredToUnitId))
            : db.Cases.Where(c => units.Any(u => u.Id == c.UnitId));
    }

    /// <summary>The units the viewer has <paramref name="right"/> on (a grant's unit, and those below it for a subtree grant), as SQL.</summary>
    private static IQueryable<Unit> Units(ChildCareDbContext db, CaseViewer viewer, CaseRight right)
    {
        var unit = Expression.Parameter(typeof(Unit), "u");
        var code = Expression.Property(unit, nameof(Unit.Code));
        var startsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
        Expression any = Expression.Constant(false);
        foreach (var grant in viewer.Grants.Where(g => g.Right >= right))
        {
            if (grant.UnitCode == CaseViewer.AllUnits)
            {
                return db.Units;
            }

            Expression match = Expression.Equal(code, Expression.Constant(grant.UnitCode));
            if (grant.Subtree)
            {
                match = Expression.OrElse(match, Expression.Call(code, startsWith, Expression.Constant(grant.UnitCode + "/")));
            }

            any = Expression.OrElse(any, match);
        }

        return db.Units.Where(Expression.Lambda<Func<Unit, bool>>(any, unit));
    }

    // Not the viewer's to act on: Forbidden when they may read it, else NotFound, by the same query either way.
    private static async Task<CaseResult> NotActableAsync(ChildCareDbContext db, CaseViewer viewer, string code, CancellationToken cancellationToken) =>
        new(await Visible(db, viewer, CaseRight.Read).AnyAsync(c => c.Code == code, cancellationToken) ? CaseOutcome.Forbidden : CaseOutcome.NotFound);

    private static string? UnitCode(Dictionary<long, (string Code, string Name)> units, long? id) =>
        id is { } known && units.TryGetValue(known, out var unit) ? unit.Code : null;

    private static async Task<Dictionary<long, (string Code, string Name)>> UnitCodesAsync(ChildCareDbContext db, IReadOnlyCollection<ChildCase> cases, CancellationToken cancellationToken)
    {
        var ids = cases.SelectMany(c => new[] { c.UnitId, c.ReferredToUnitId }).OfType<long>().Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Code, u.NameVi }).ToListAsync(cancellationToken);
        return units.ToDictionary(u => u.Id, u => (u.Code, u.NameVi));
    }

    private static CaseSummary Summary(ChildCase c, Dictionary<long, (string Code, string Name)> units, DateTimeOffset now)
    {
        var next = CaseClocks.Next(c);
        var unit = c.UnitId is { } id && units.TryGetValue(id, out var u) ? u : ((string Code, string Name)?)null;
        return new CaseSummary(
            c.Code, c.ReceivedAt, c.Stage, c.Risk, c.Category, c.DangerNow, unit?.Code, unit?.Name, c.ProvinceCode,
            c.AssigneeId is { } a ? $"official:{a}" : null, next?.Clock, next?.Due, next is { } n && n.Due <= now,
            UnitCode(units, c.ReferredToUnitId));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: {Code} {Action} by {Actor}")]
    private partial void LogChanged(string code, string action, string actor);

    // No code: it may be a guess, and whether it exists is what must not show, not even here.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: {Actor} asked for a case that is not theirs to read or does not exist")]
    private partial void LogDenied(string actor);
}
