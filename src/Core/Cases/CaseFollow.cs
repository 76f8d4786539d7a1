using System.Collections.Concurrent;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Cases;

/// <summary>
/// A web reporter's status question, asked from a new session with the case code and the follow code shown once at
/// filing (<see cref="FollowCodes"/>): the coarse stage only, never a detail; a wrong pair answers as an unknown code;
/// a case code tried wrongly <see cref="MaxFailures"/> times in an hour is refused for the rest of it (each wrong try
/// is a line of the case's record, so all nodes count the same; the code has 40 bits and shows the coarse stage only);
/// each answer is a line of the case's record, as any reading of a case is.
/// </summary>
public sealed partial class CaseFollow(IDbContextFactory<ChildCareDbContext> contexts, Sealer sealer, CaseAudit audit, TimeProvider time, ILogger<CaseFollow> logger)
{
    public const int MaxFailures = 5;
    private const string Reporter = "reporter";

    /// <summary>A status question with a wrong follow code, as a line of the case's record.</summary>
    public const string RefusedDetail = "status refused";
    private const int MaxTracked = 10_000;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    /// <summary>The follow code to show once for the case filed from <paramref name="submission"/>.</summary>
    public string CodeFor(Guid submission) => FollowCodes.For(sealer, submission);

    /// <summary>The status of the case <paramref name="code"/> filed on <paramref name="channel"/>, when <paramref name="followCode"/> is its follow code.</summary>
    public async Task<FollowAnswer> StatusAsync(string channel, string code, string followCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(followCode);
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Cases.AsNoTracking()
            .Where(c => c.Code == code && c.Channel == channel)
            .Select(c => new { c.Id, c.SubmissionId, c.ReceivedAt, c.Stage })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            // Nothing to guess at: no count kept, so made-up codes cannot crowd out the counts of real ones.
            LogRefused(code);
            return new FollowAnswer(null);
        }

        // Wrong tries are lines of the case's record, so every node counts them all (and the officials see them). This
        // node also counts each try before it is checked, in one atomic step: requests sent together cannot all pass
        // a check made before any of them was counted. A right pair clears this node's count.
        var since = now - Window;
        var refused = await db.CaseEvents.CountAsync(e => e.CaseId == found.Id && e.Actor == Reporter && e.Detail == RefusedDetail && e.At > since, cancellationToken);
        var tries = _failures.AddOrUpdate(code, _ => (1, now), (_, was) => was.Since + Window > now ? (was.Count + 1, was.Since) : (1, now));
        if (refused >= MaxFailures || tries.Count > MaxFailures)
        {
            LogLimited(code, MaxFailures);
            return new FollowAnswer(null, Limited: true);
        }

        if (!FollowCodes.Matches(sealer, found.SubmissionId, followCode))
        {
            Prune(now);
            LogRefused(code);
            db.CaseEvents.Add(new CaseEvent { CaseId = found.Id, At = now, Actor = Reporter, Action = CaseAction.Read, Detail = RefusedDetail });
            await audit.SaveAsync(db, cancellationToken);
            return new FollowAnswer(null);
        }

        _failures.TryRemove(code, out _);
        db.CaseEvents.Add(new CaseEvent { CaseId = found.Id, At = now, Actor = Reporter, Action = CaseAction.Read, Detail = "status" });
        await audit.SaveAsync(db, cancellationToken);
        return new FollowAnswer(new ReportStatus(code, found.ReceivedAt, found.Stage.Coarse()));
    }

    // Bounded: past its hour a count is forgotten; only codes of real web cases are counted, so this rarely has work.
    private void Prune(DateTimeOffset now)
    {
        if (_failures.Count < MaxTracked)
        {
            return;
        }

        foreach (var (code, count) in _failures)
        {
            if (count.Since + Window <= now)
            {
                _failures.TryRemove(code, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: a status question for {Code} with a wrong follow code (or no such web case)")]
    private partial void LogRefused(string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cases: a status question for {Code} refused after {Limit} wrong follow codes within the hour")]
    private partial void LogLimited(string code, int limit);
}
