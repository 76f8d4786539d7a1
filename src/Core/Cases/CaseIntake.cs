using System.Text.Json;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using ChildCare.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Cases;

/// <summary>
/// Files reports as cases: one case per draft however often it is sent, a code from the year's sequence, the
/// identifying details sealed, and a limit on reports per chat and hour. Also answers a reporter's /status.
/// </summary>
public sealed partial class CaseIntake(
    IDbContextFactory<ChildCareDbContext> contexts,
    Sealer sealer,
    CaseAudit audit,
    IntakeSettings settings,
    Calendar.HolidayCalendar calendar,
    ICaseClockJobs clocks,
    IServiceProvider services,
    TimeProvider time,
    ILogger<CaseIntake> logger)
{
    // The channels that can deliver on this node, as the case alerts see them. Asked of the container at the first filing,
    // not injected: a sender (Zalo's) needs the help desk, which needs this intake.
    private readonly Lazy<IReadOnlySet<string>> _channels = new(() => AlertRecipients.ChannelsOf(services.GetServices<IMessageSender>()));
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan RateWindow = TimeSpan.FromHours(1);

    /// <summary>
    /// How many reports the chat sent in the last hour, and how long until the oldest of them leaves that hour: on a
    /// context the caller has open (the help desk's turn reads its state on it too, one connection for both).
    /// </summary>
    public async Task<(int Count, TimeSpan FreeIn)> RecentAsync(ChildCareDbContext db, string channel, long chatId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var reporter = sealer.Pseudonym(channel, chatId);
        var now = time.GetUtcNow();
        var since = now - RateWindow;
        // Few rows (at most the hourly limit and a few): read here, as SQLite cannot order by a DateTimeOffset.
        var times = await db.Cases.Where(c => c.ReporterKey == reporter && c.ReceivedAt > since).Select(c => c.ReceivedAt).ToListAsync(cancellationToken);
        return Recent(times, now);
    }

    private static (int Count, TimeSpan FreeIn) Recent(List<DateTimeOffset> times, DateTimeOffset now) =>
        (times.Count, times.Count == 0 ? TimeSpan.Zero : times.Min() + RateWindow - now);

    public async Task<IntakeResult> FileAsync(CaseReport draft, string channel, long chatId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reporter = sealer.Pseudonym(channel, chatId);
        var now = time.GetUtcNow();
        var since = now - RateWindow;

        // Where the case would go is read on a second connection meanwhile (fresh: not the help desk's cached names), so a
        // filing waits for one round trip before its insert rather than two; a draft filed already or refused drops it.
        var routing = FindUnitAsync(draft, cancellationToken);

        // One read for both questions: is this draft filed already (whenever, by whichever node), and how many reports did
        // the chat send in the last hour. Each is an index's few rows (submission_id; reporter_key and received_at).
        var seenQuery = db.Cases.AsNoTracking()
            .Where(c => c.SubmissionId == draft.SubmissionId || c.ReporterKey == reporter && c.ReceivedAt > since)
            .Select(c => new { c.SubmissionId, c.Code, c.ReporterKey, c.ReceivedAt })
            .ToListAsync(cancellationToken);

        // PostgreSQL: the case's id is taken from its sequence meanwhile too (a third connection), so that the case and its
        // first lines go in as one batch: one round trip less while the transaction is open. An id taken for a draft filed
        // already or refused is never used; ids may have gaps, the case numbers (the year's counter) have none.
        var reserving = db.IsPostgres ? ReserveCaseIdAsync(cancellationToken) : Task.FromResult<long?>(null);
        await Task.WhenAll(seenQuery, routing, reserving);
        var seen = await seenQuery;
        var (unit, reached) = await routing;
        if (seen.FirstOrDefault(c => c.SubmissionId == draft.SubmissionId) is { } existing)
        {
            return new CaseFiled(draft.SubmissionId, existing.Code, reached);
        }

        var (recent, freeIn) = Recent([.. seen.Where(c => c.ReporterKey == reporter && c.ReceivedAt > since).Select(c => c.ReceivedAt)], now);
        if (recent >= settings.MaxReportsPerHour)
        {
            LogRefused(channel, settings.MaxReportsPerHour);
            return new CaseRefused(settings.MaxReportsPerHour, freeIn);
        }

        var year = VietnamTime.Now(time).Year;
        try
        {
            // The year's counter row is what every intake in the country queues on, so it is locked for as short a time
            // as can be: the case and its lines go in first under a placeholder code nobody else can see (the
            // transaction is not committed), and the number comes last.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var filed = ToCase(draft, PlaceholderCode(draft.SubmissionId), year, 0, channel, chatId, reporter, now);
            filed.Route(unit?.Id, unit?.EmergencyHours ?? CaseClocks.DefaultEmergencyHours, CaseClocks.PlanDue(now, calendar), now);
            db.Cases.Add(filed);
            if (await reserving is { } id)
            {
                db.Entry(filed).Property(c => c.Id).CurrentValue = id;
            }
            else
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            db.CaseEvents.Add(new CaseEvent { CaseId = filed.Id, At = now, Actor = "reporter", Action = CaseAction.Filed, Detail = channel });
            db.CaseEvents.Add(new CaseEvent { CaseId = filed.Id, At = now, Actor = "system", Action = CaseAction.Routed, Detail = unit?.Code ?? "-" });
            await audit.SaveAsync(db, insertedCase: filed.Id, cancellationToken);
            string code;
            if (db.IsPostgres)
            {
                // PostgreSQL numbers the case inside the commit (a deferred trigger, Persistence/AuditTriggers.cs): the
                // counter row is never held while this process waits for a reply or for a thread.
                await transaction.CommitAsync(cancellationToken);
                code = await db.Cases.AsNoTracking().Where(c => c.Id == filed.Id).Select(c => c.Code).SingleAsync(cancellationToken);
            }
            else
            {
                // SQLite has one writer: this transaction holds the write lock from its first insert anyway.
                var sequence = await NextSequenceAsync(db, year, cancellationToken);
                code = CaseCode.Format(year, sequence);
                await db.Database.ExecuteSqlAsync($"UPDATE cases SET code = {code}, sequence = {sequence} WHERE id = {filed.Id}", cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            clocks.Changed(filed);
            LogFiled(code, channel, draft.Category?.ToString() ?? "Other", draft.DangerNow);
            return new CaseFiled(draft.SubmissionId, code, reached);
        }
        catch (DbUpdateException)
        {
            // The same draft filed at the same moment by another node: theirs stands.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return await ExistingCodeAsync(again, draft.SubmissionId, cancellationToken) is { } code
                ? new CaseFiled(draft.SubmissionId, code, reached)
                : throw new InvalidOperationException("The case could not be filed and no copy of it exists.");
        }
    }

    private async Task<long?> ReserveCaseIdAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var taken = await db.Database.SqlQuery<long>($"SELECT nextval(pg_get_serial_sequence('cases', 'id')) AS \"Value\"").ToListAsync(cancellationToken);
        return taken.Single();
    }

    /// <summary>
    /// The unit the case goes to, and whether its new-case alert can reach anyone in that unit's tree (its case workers,
    /// the supervisors above them) on a channel this node sends on, as <see cref="AlertRecipients"/> will route it: the
    /// reporter is told the truth when nobody there can be told (no official has joined, or none by chat or Web Push).
    /// </summary>
    private async Task<(Units.Unit? Unit, bool Reached)> FindUnitAsync(CaseReport draft, CancellationToken cancellationToken)
    {
        // A context opens its connection at its first query: none for a report without a province (CaseRouter returns null).
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unit = await CaseRouter.FindUnitAsync(db, draft.ProvinceCode, draft.Commune, cancellationToken);
        if (unit is null || _channels.Value.Count == 0)
        {
            return (unit, false);
        }

        var chain = new List<long> { unit.Id };
        for (var parent = unit.ParentId; parent is { } id && chain.Count < 20 && !chain.Contains(id);)
        {
            chain.Add(id);
            parent = await db.Units.AsNoTracking().Where(u => u.Id == id).Select(u => u.ParentId).SingleOrDefaultAsync(cancellationToken);
        }

        var channels = _channels.Value.ToList();
        var reached = await db.Subscriptions.AsNoTracking()
            .Where(s => s.UnitId == unit.Id && s.Role == OfficialRole.ChildProtection || chain.Contains(s.UnitId) && s.Role == OfficialRole.Supervisor)
            .Select(s => s.Official!)
            .AnyAsync(o => channels.Contains(o.Channel) && !db.UnreachableChats.Any(c => c.Channel == o.Channel && c.ChatId == o.ChatId)
                || db.DeliveryEndpoints.Any(e => e.OfficialId == o.Id && channels.Contains(e.Kind)), cancellationToken);
        return (unit, reached);
    }

    /// <summary>
    /// Adds what the reporter told after an urgent report was filed to that case: only a case this chat filed from
    /// this very draft, its sealed details resealed whole, recorded in the case's events. Sending the same
    /// details again changes nothing more. False when there is no such case.
    /// </summary>
    public async Task<bool> AddDetailsAsync(CaseReport draft, string code, string channel, long chatId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(code);
        var reporter = sealer.Pseudonym(channel, chatId);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var filed = await db.Cases.SingleOrDefaultAsync(c => c.SubmissionId == draft.SubmissionId && c.Code == code && c.ReporterKey == reporter, cancellationToken);
            if (filed is null)
            {
                return false;
            }

            var now = time.GetUtcNow();
            var (details, consent) = Merged(OpenDetails(sealer, filed), draft, filed, channel, chatId);
            filed.AddDetails(
                draft.Category ?? filed.Category,
                draft.AgeBand ?? filed.AgeBand,
                draft.ChildSex ?? filed.ChildSex,
                draft.Suspect ?? filed.Suspect,
                !consent && (draft.Anonymous ?? filed.Anonymous),
                consent,
                details.PhotoFileIds.Count,
                sealer.Seal(JsonSerializer.Serialize(details, Json), draft.SubmissionId.ToString()),
                now);
            db.CaseEvents.Add(new CaseEvent { CaseId = filed.Id, At = now, Actor = "reporter", Action = CaseAction.DetailsAdded, Detail = channel });
            try
            {
                await audit.SaveAsync(db, cancellationToken);
                LogDetailsAdded(code, channel);
                return true;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // An official changed the case meanwhile: add the details on top of their change.
            }
        }
    }

    /// <summary>The chat's own reports, newest first (at most 10): one code, or all of them when null.</summary>
    public async Task<IReadOnlyList<ReportStatus>> StatusAsync(string channel, long chatId, string? code, CancellationToken cancellationToken)
    {
        var reporter = sealer.Pseudonym(channel, chatId);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var own = db.Cases.AsNoTracking().Where(c => c.ReporterKey == reporter);
        if (code is not null)
        {
            own = own.Where(c => c.Code == code);
        }

        var rows = await own.OrderByDescending(c => c.Id).Take(10)
            .Select(c => new { c.Code, c.ReceivedAt, c.Stage })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReportStatus(r.Code, r.ReceivedAt, r.Stage.Coarse()))];
    }

    /// <summary>The sealed details of a case, for the officials allowed to read them.</summary>
    public CaseDetails Open(ChildCase filed) => OpenDetails(sealer, filed);

    internal static CaseDetails OpenDetails(Sealer sealer, ChildCase filed)
    {
        ArgumentNullException.ThrowIfNull(filed);
        var details = JsonSerializer.Deserialize<CaseDetails>(sealer.Open(filed.SealedDetails, filed.SubmissionId.ToString()), Json)
            ?? throw new InvalidOperationException("Sealed case details are empty.");
        // A case filed before the commune was sealed, and not yet moved by the purge job.
        return details.Commune is null && filed.LegacyCommune is { } typed ? details with { Commune = typed } : details;
    }

    internal static byte[] SealDetails(Sealer sealer, CaseDetails details, Guid submission) =>
        sealer.Seal(JsonSerializer.Serialize(details, Json), submission.ToString());

    private static async Task<string?> ExistingCodeAsync(ChildCareDbContext db, Guid submission, CancellationToken cancellationToken) =>
        await db.Cases.AsNoTracking().Where(c => c.SubmissionId == submission).Select(c => c.Code).SingleOrDefaultAsync(cancellationToken);

    // Unique among the intakes in flight (a code is at most 20 characters; a real one starts with "TE-"), and never
    // committed: the number replaces it in the same transaction. PostgreSQL's trigger numbers exactly the cases whose
    // code starts with "~".
    private static string PlaceholderCode(Guid submission) => "~" + submission.ToString("N")[..19];

    private static async Task<long> NextSequenceAsync(ChildCareDbContext db, int year, CancellationToken cancellationToken)
    {
        // SQLite only (PostgreSQL takes it in the commit): one statement, and a rolled-back intake gives its number back.
        var next = await db.Database.SqlQuery<long>(
            $"INSERT INTO case_counters (case_year, last_sequence) VALUES ({year}, 1) ON CONFLICT (case_year) DO UPDATE SET last_sequence = case_counters.last_sequence + 1 RETURNING last_sequence AS \"Value\"")
            .ToListAsync(cancellationToken);
        return next.Single();
    }

    private ChildCase ToCase(CaseReport draft, string code, int year, long sequence, string channel, long chatId, string reporter, DateTimeOffset now)
    {
        var (details, consent) = Details(draft, channel, chatId);
        return new ChildCase
        {
            Code = code,
            Year = year,
            Sequence = sequence,
            SubmissionId = draft.SubmissionId,
            ReceivedAt = now,
            UpdatedAt = now,
            Channel = channel,
            ReporterKey = reporter,
            ProvinceCode = draft.ProvinceCode,
            Category = draft.Category ?? CaseCategory.Other,
            DangerNow = draft.DangerNow,
            AgeBand = draft.AgeBand ?? AgeBand.Unknown,
            ChildSex = draft.ChildSex ?? ChildSex.Unknown,
            Suspect = draft.Suspect ?? SuspectRelation.Unknown,
            Anonymous = draft.Anonymous != false,
            ContactConsent = consent,
            PhotoCount = draft.Photos.Count,
            SealedDetails = SealDetails(sealer, details, draft.SubmissionId),
        };
    }

    /// <summary>
    /// What the case holds with the details answered after it was filed: an answer given now wins, one not given keeps
    /// what was filed (the help desk does not keep the filed answers in the details draft, so they are never shown again).
    /// </summary>
    private static (CaseDetails Details, bool Consent) Merged(CaseDetails held, CaseReport added, ChildCase filed, string channel, long chatId)
    {
        var named = added.Anonymous is null ? !filed.Anonymous : added.Anonymous == false;
        var consent = named && (added.ContactConsent ?? filed.ContactConsent);
        var details = new CaseDetails(
            added.Village ?? held.Village,
            added.Address ?? held.Address,
            added.Location ?? held.Location,
            added.ChildName ?? held.ChildName,
            added.ChildAge ?? held.ChildAge,
            // What the details add to what happened is told after it, never instead of it.
            string.IsNullOrEmpty(added.Description) || added.Description == held.Description ? held.Description
                : string.IsNullOrEmpty(held.Description) ? added.Description : held.Description + "\n" + added.Description,
            [.. held.PhotoFileIds, .. added.Photos.Where(p => !held.PhotoFileIds.Contains(p))],
            added.SuspectDetails ?? held.SuspectDetails,
            named ? added.ReporterName ?? held.ReporterName : null,
            named ? added.ReporterPhone ?? held.ReporterPhone : null,
            consent ? held.ReporterChannel ?? channel : null,
            consent ? held.ReporterChatId ?? chatId : null,
            added.Commune ?? held.Commune);
        return (details, consent);
    }

    private static (CaseDetails Details, bool Consent) Details(CaseReport draft, string channel, long chatId)
    {
        var consent = draft.Anonymous == false && draft.ContactConsent == true;
        var details = new CaseDetails(
            draft.Village,
            draft.Address,
            draft.Location,
            draft.ChildName,
            draft.ChildAge,
            draft.Description ?? "",
            draft.Photos,
            draft.SuspectDetails,
            draft.Anonymous == false ? draft.ReporterName : null,
            draft.Anonymous == false ? draft.ReporterPhone : null,
            consent ? channel : null,
            consent ? chatId : null,
            draft.Commune);
        return (details, consent);
    }

    // The code and coarse facts only: never what the reporter wrote.
    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: {Code} filed by {Channel}, category {Category}, danger now: {DangerNow}")]
    private partial void LogFiled(string code, string channel, string category, bool dangerNow);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: {Code} got the reporter's details by {Channel}")]
    private partial void LogDetailsAdded(string code, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cases: a {Channel} chat reached {Limit} reports in an hour; refused another")]
    private partial void LogRefused(string channel, int limit);
}
