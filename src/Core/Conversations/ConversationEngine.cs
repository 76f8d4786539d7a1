using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChildCare.Core.Cases;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Persistence;
using ChildCare.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildCare.Core.Conversations;

/// <summary>
/// Runs the help desk for any channel: loads the chat's state, runs the pure <see cref="Conversation"/>,
/// carries out its command (file a case, look up a status), saves the new state, and returns the replies for
/// the channel to deliver. A chat's state is versioned: when two inputs of one chat race (two browser tabs),
/// the loser is run again on the winner's state.
/// </summary>
public sealed partial class ConversationEngine : IReporterLanguage
{
    /// <summary>The web chat's channel name (its sessions are the chat ids).</summary>
    public const string WebChatChannel = "web";

    private const int Attempts = 3;
    private const int MaxLoadGroup = 200;

    /// <summary>An unfinished report untouched this long is resumed only after the person confirms it (answers not shown).</summary>
    public static readonly TimeSpan OldDraftAfter = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a retried "send" (the same input id: the page's answer was lost) gets the filing's answer again, follow
    /// code included. Only the page that sent it holds that id, so the next person on a shared phone cannot ask for it.
    /// </summary>
    public static readonly TimeSpan FiledReplayWindow = TimeSpan.FromMinutes(10);

    // Stands for the follow code in a stored answer: the code itself is kept nowhere, and made again from the draft's id.
    private const string FollowCodeMark = "\uE000follow-code\uE000";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IDbContextFactory<ChildCareDbContext> _contexts;
    private readonly CaseIntake _intake;
    private readonly CaseFollow _follow;
    private readonly Sealer _sealer;
    private readonly HelpDirectoryProvider _directories;
    private readonly CommuneNameCache _communes;
    private readonly ConversationSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<ConversationEngine> _logger;
    private readonly GroupCommit<(string Channel, long ChatId), ConversationRecord?> _loads;

    internal ConversationEngine(
        IDbContextFactory<ChildCareDbContext> contexts,
        CaseIntake intake,
        CaseFollow follow,
        Sealer sealer,
        HelpDirectoryProvider directories,
        CommuneNameCache communes,
        ConversationSettings settings,
        TimeProvider time,
        ILogger<ConversationEngine> logger)
    {
        _contexts = contexts;
        _intake = intake;
        _follow = follow;
        _sealer = sealer;
        _directories = directories;
        _communes = communes;
        _settings = settings;
        _time = time;
        _logger = logger;
        _loads = new(LoadAllAsync, async chat => (await LoadAllAsync([chat]))[0], MaxLoadGroup);
    }

    /// <summary>
    /// Handles one input of one chat; <paramref name="clientLanguage"/> applies until the person picks one.
    /// <paramref name="inputId"/>, when the client gives one, makes a retry of the same input return the same
    /// answer without handling it again. <paramref name="mayFile"/>, when the channel gives one, is asked just before a
    /// report is filed; when it says no, nothing is filed, the draft stays at its review and the result is
    /// <see cref="ConversationResult.Held"/> (the web chat then asks the browser for a proof of work).
    /// </summary>
    public async Task<ConversationResult> HandleAsync(
        string channel, long chatId, ConversationInput input, Language clientLanguage, CancellationToken cancellationToken, string? inputId = null,
        Func<CancellationToken, ValueTask<bool>>? mayFile = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(input);
        input = Bounded(input);
        var directory = await _directories.CurrentAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            // Read with the other chats handled at once on this node (one query for all), then tracked here for the save.
            var record = await _loads.WriteAsync((channel, chatId)).WaitAsync(cancellationToken);
            if (record is not null)
            {
                db.Conversations.Attach(record);
            }

            var (state, notices) = Load(record, channel, chatId, clientLanguage);
            if (inputId is not null && state.LastInputId == inputId && state.LastReplies is { } earlier && Replayable(state, record))
            {
                // The same answer, and the same consequences: a filing's retry rotates the web session and clears the page again.
                var answer = state is { LastFiled: true, LastSentDraft: { } draft } ? Replaced(earlier, FollowCodeMark, _follow.CodeFor(draft)) : earlier;
                return new ConversationResult(answer, state.LanguageOr(clientLanguage), ReportComplete: state.LastComplete, Filed: state.LastFiled);
            }

            IReadOnlyList<string> communes = state.Report?.ProvinceCode is { } province ? await _communes.GetAsync(province, cancellationToken) : [];
            var old = state.Report is not null && record is not null && record.UpdatedAt < _time.GetUtcNow() - OldDraftAfter;
            var context = new ConversationContext(directory, clientLanguage, _time.GetUtcNow(), 0, _settings.MaxReportsPerHour, Guid.NewGuid(), communes, TakesPhotos(channel), TimeSpan.Zero, old, ForgetsAfterReport(channel));

            // The chat's reports of the last hour are counted only when the turn may depend on them (see ReadsTheLimit): most
            // turns answer a question of an open report, and one read less each is what keeps 32 chats at once quick.
            var turn = Conversation.Handle(state, input, context);
            if (turn.State.Report?.ProvinceCode is { } chosen && chosen != state.Report?.ProvinceCode)
            {
                // The province was answered just now: the commune question that follows names one of its units.
                context = context with { Communes = await _communes.GetAsync(chosen, cancellationToken) };
                turn = Conversation.Handle(state, input, context);
            }

            if (ReadsTheLimit(turn, context, mayFile))
            {
                var (recent, freeIn) = await _intake.RecentAsync(db, channel, chatId, cancellationToken);
                context = context with { ReportsInLastHour = recent, ReportLimitWait = freeIn };
                if (recent >= _settings.MaxReportsPerHour)
                {
                    turn = Conversation.Handle(state, input, context);
                }
            }

            var replies = new List<ConversationReply>(notices);
            replies.AddRange(turn.Replies);
            CommandOutcome? outcome = null;
            if (turn.Command is { } command)
            {
                outcome = command is FileReport && mayFile is not null && !await mayFile(cancellationToken)
                    ? new ReportHeld()
                    : await ExecuteAsync(command, channel, chatId, cancellationToken);
                var completed = Conversation.Complete(turn.State, outcome, context);
                replies.AddRange(completed.Replies);
                turn = completed;
            }

            try
            {
                // Complete: filed with nothing more offered, or its details added. An urgent report filed with "add
                // details" offered is not complete yet: the chat must still reach it.
                var complete = outcome is ReportFiled && turn.State.Report is null || outcome is DetailsAdded { Added: true };
                // The answer is kept (sealed, like the whole state) for a retry of this input. A web report's follow code is shown
                // once and kept nowhere: the stored answer holds a mark in its place, and a retry within FiledReplayWindow (the
                // first answer may never have reached the page) gets the code made again from the draft's id.
                var saved = inputId is null
                    ? turn.State with { LastInputId = null, LastReplies = null, LastFiled = false, LastComplete = false }
                    : turn.State with
                    {
                        LastInputId = inputId,
                        LastReplies = outcome is ReportFiled { FollowCode: { } followCode } ? Replaced(replies, followCode, FollowCodeMark) : replies,
                        LastFiled = outcome is ReportFiled,
                        LastComplete = complete,
                    };
                await SaveAsync(db, record, channel, chatId, saved, cancellationToken);
                return new ConversationResult(replies, turn.State.LanguageOr(clientLanguage), outcome is ReportHeld, complete, outcome is ReportFiled);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another input of this chat was saved first (a concurrency conflict or a first-row race):
                // run this one again on top of it. Filing is idempotent on the draft, so nothing is filed twice.
                LogConflict(channel, attempt);
            }
        }
    }

    private bool Replayable(ConversationState state, ConversationRecord? record) =>
        !state.LastFiled || (state.LastSentDraft is not null && record is not null && record.UpdatedAt >= _time.GetUtcNow() - FiledReplayWindow);

    // The follow code in a stored answer is swapped for its mark, and back for a retry.
    private static List<ConversationReply> Replaced(IEnumerable<ConversationReply> replies, string text, string by) =>
        [.. replies.Select(r => new ConversationReply(r.Html.Replace(text, by, StringComparison.Ordinal), r.Keyboard))];

    /// <summary>
    /// Whether a turn run as below the hourly limit (<paramref name="context"/> counts no report) may have read the limit,
    /// so that it must be counted, and the turn run again when the chat is at it. The flows read the limit only as
    /// "at it or not" (<see cref="ConversationContext.ReportsInLastHour"/> &gt;= <see cref="ConversationContext.MaxReportsPerHour"/>),
    /// and only where a report would start (a new draft, with the turn's <see cref="ConversationContext.NewDraftId"/>) or
    /// be filed (<see cref="FileReport"/>): a turn that did neither below the limit is the same turn at it. A report to
    /// file is not counted here when nothing is asked before filing: <see cref="CaseIntake.FileAsync"/> counts again
    /// and refuses it with the same answer. Before a channel's proof of work (<paramref name="mayFile"/>) it is counted, so
    /// no proof is asked for a report that would be refused.
    /// </summary>
    internal static bool ReadsTheLimit(Turn turn, ConversationContext context, Func<CancellationToken, ValueTask<bool>>? mayFile) =>
        turn.State.Report?.Id == context.NewDraftId || turn.Command is FileReport && mayFile is not null;

    /// <summary>The stored records of these chats, untracked: a record of its own for each caller, even for a chat asked twice.</summary>
    private async Task<IReadOnlyList<ConversationRecord?>> LoadAllAsync(IReadOnlyList<(string Channel, long ChatId)> chats)
    {
        await using var db = await _contexts.CreateDbContextAsync(CancellationToken.None);
        var found = new Dictionary<(string, long), ConversationRecord>();
        foreach (var channel in chats.GroupBy(c => c.Channel, StringComparer.Ordinal))
        {
            var ids = channel.Select(c => c.ChatId).Distinct().ToList();
            foreach (var record in await db.Conversations.AsNoTracking().Where(c => c.Channel == channel.Key && ids.Contains(c.ChatId)).ToListAsync(CancellationToken.None))
            {
                found[(record.Channel, record.ChatId)] = record;
            }
        }

        return [.. chats.Select(c => found.TryGetValue(c, out var r)
            ? new ConversationRecord { Channel = r.Channel, ChatId = r.ChatId, SealedState = r.SealedState, Version = r.Version, HasDraft = r.HasDraft, UpdatedAt = r.UpdatedAt }
            : null)];
    }

    /// <summary>The language a chat speaks: its choice, else the client's.</summary>
    public async Task<Language> LanguageAsync(string channel, long chatId, Language clientLanguage, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Channel == channel && c.ChatId == chatId, cancellationToken);
        return Load(record, channel, chatId, clientLanguage).State.LanguageOr(clientLanguage);
    }

    /// <summary>Deletes a chat's stored state (its language, province and any unfinished report): "finish and forget".</summary>
    public async Task<bool> ForgetAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Conversations.Where(c => c.Channel == channel && c.ChatId == chatId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// Deletes the stored state of a chat whose session ended (the web chat's, idle too long; nobody can reach it again),
    /// and says whether there was any, so that the person coming back can be told it is gone. Whether it held a report
    /// is not said: on a shared phone the next person may be the one it was about.
    /// </summary>
    public async Task<bool> ForgetEndedAsync(string channel, long chatId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Conversations.SingleOrDefaultAsync(c => c.Channel == channel && c.ChatId == chatId, cancellationToken);
        if (record is null)
        {
            return false;
        }

        db.Conversations.Remove(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Deleted (or changed) by another request of that browser meanwhile: it is out of reach all the same.
            return false;
        }

        return true;
    }

    private async Task<CommandOutcome> ExecuteAsync(ConversationCommand command, string channel, long chatId, CancellationToken cancellationToken) => command switch
    {
        FileReport file => await FileAsync(file.Draft, channel, chatId, cancellationToken),
        AddDetails add => await _intake.AddDetailsAsync(add.Draft, add.Code, channel, chatId, cancellationToken),
        LookUpStatus { Code: { } code, FollowCode: { } followCode } => await FollowAsync(code, followCode, cancellationToken),
        LookUpStatus status => new StatusFound(await _intake.StatusAsync(channel, chatId, status.Code, cancellationToken), status.Code),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
    };

    // The web forgets the chat once the report is done: its reporter gets a follow code to ask the status from another session.
    private async Task<CommandOutcome> FileAsync(ReportDraft draft, string channel, long chatId, CancellationToken cancellationToken)
    {
        var outcome = await _intake.FileAsync(draft, channel, chatId, cancellationToken);
        return outcome is ReportFiled filed && ForgetsAfterReport(channel) ? filed with { FollowCode = _follow.CodeFor(filed.DraftId) } : outcome;
    }

    // Only reports filed from the web have follow codes; asked from any chat.
    private async Task<CommandOutcome> FollowAsync(string code, string followCode, CancellationToken cancellationToken)
    {
        var answer = await _follow.StatusAsync(WebChatChannel, code, followCode, cancellationToken);
        return new StatusFound(answer.Status is { } found ? [found] : [], code, answer.Limited);
    }

    private (ConversationState State, IReadOnlyList<ConversationReply> Notices) Load(ConversationRecord? record, string channel, long chatId, Language clientLanguage)
    {
        if (record is null)
        {
            return (ConversationState.New, []);
        }

        var state = Open(record);
        if (state is null || state.Schema != ConversationState.CurrentSchema)
        {
            var fresh = ConversationState.New with { Language = state?.Language, ProvinceCode = state?.ProvinceCode };
            return (fresh, [new ConversationReply(ConversationTexts.Get("ConversationReset", fresh.LanguageOr(clientLanguage)))]);
        }

        // An unfinished report left untouched is kept only so long: it may hold a child's name and address.
        if (state.Report is not null && record.UpdatedAt < _time.GetUtcNow().AddDays(-_settings.DraftRetentionDays))
        {
            var dropped = WithoutDraft(state);
            var language = dropped.LanguageOr(clientLanguage);
            return (dropped, [new ConversationReply(ConversationTexts.Format("DraftExpired", language, _settings.DraftRetentionDays))]);
        }

        return (state, []);
    }

    private async Task SaveAsync(ChildCareDbContext db, ConversationRecord? record, string channel, long chatId, ConversationState state, CancellationToken cancellationToken)
    {
        // A state that holds nothing beyond the defaults is not stored (and a stored one is forgotten): a chat
        // that only asked for the menu or the numbers leaves no row behind, however many such chats there are.
        if (IsBlank(state))
        {
            if (record is not null)
            {
                db.Conversations.Remove(record);
                await db.SaveChangesAsync(cancellationToken);
            }

            return;
        }

        if (record is null)
        {
            record = new ConversationRecord { Channel = channel, ChatId = chatId, SealedState = [], Version = 0 };
            db.Conversations.Add(record);
        }

        Store(record, state);
        record.UpdatedAt = _time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    // What a retry would need (the last input id and its answer) is no reason to keep a row: answering the same input
    // on a blank state again gives the same answer. A filing's answer is (LastFiled): filing again would not give it.
    internal static bool IsBlank(ConversationState state) =>
        state with { LastInputId = null, LastReplies = null, LastComplete = false } == ConversationState.New;

    /// <summary>The record's state, or null when this build cannot read it (an old schema, a changed key).</summary>
    private ConversationState? Open(ConversationRecord record)
    {
        try
        {
            return JsonSerializer.Deserialize<ConversationState>(_sealer.Open(record.SealedState, SealContext(record.Channel, record.ChatId)), Json);
        }
        catch (Exception e) when (e is JsonException or CryptographicException or NotSupportedException)
        {
            // Start afresh rather than fail every message.
            LogUnreadable(record.Channel, e.GetType().Name);
            return null;
        }
    }

    private void Store(ConversationRecord record, ConversationState state)
    {
        record.SealedState = _sealer.Seal(JsonSerializer.Serialize(state, Json), SealContext(record.Channel, record.ChatId));
        record.HasDraft = state.Report is not null;
        record.Version++;
    }

    // The last answer goes too: a review screen in it repeats what the draft held.
    private static ConversationState WithoutDraft(ConversationState state) =>
        state.WithoutReport() with { LastInputId = null, LastReplies = null };

    /// <summary>
    /// Drops the unfinished reports nobody touched for <see cref="ConversationSettings.DraftRetentionDays"/>: the
    /// rest of the state (language, province) stays. Returns how many were dropped.
    /// </summary>
    public async Task<int> DropStaleDraftsAsync(CancellationToken cancellationToken)
    {
        var before = _time.GetUtcNow().AddDays(-_settings.DraftRetentionDays);
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var stale = await db.Conversations.Where(c => c.HasDraft && c.UpdatedAt < before).OrderBy(c => c.UpdatedAt).Take(1000).ToListAsync(cancellationToken);
        foreach (var record in stale)
        {
            Store(record, WithoutDraft(Open(record) ?? ConversationState.New));
        }

        await db.SaveChangesAsync(cancellationToken);
        return stale.Count;
    }

    // Telegram and Zalo hand us photos (Telegram's file ids, Zalo's image addresses, sealed with the case); the web
    // chat has no upload, so it is not invited to send any.
    private static bool TakesPhotos(string channel) => channel is Messaging.OutboxMessage.TelegramChannel or Messaging.OutboxMessage.ZaloChannel;

    // The web chat replaces its session once a report is done (a shared phone); a messenger's chat stays the person's.
    private static bool ForgetsAfterReport(string channel) => channel == WebChatChannel;

    private static string SealContext(string channel, long chatId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"conversation:{channel}:{chatId}");

    // Longer text than any answer takes is cut, not refused: the flows then say it is too long. U+0000 is dropped:
    // no PostgreSQL text can hold it, so a report whose commune held one could never be filed, nor a reply echoing it sent.
    private static ConversationInput Bounded(ConversationInput input)
    {
        input = input with { Text = WithoutNul(input.Text), Data = WithoutNul(input.Data), Phone = WithoutNul(input.Phone) };
        return input.Text is { Length: > Conversation.MaxTextLength + 1 } text ? input with { Text = text[..(Conversation.MaxTextLength + 1)] } : input;
    }

    private static string? WithoutNul(string? text) => text?.Contains('\0', StringComparison.Ordinal) == true ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversations: a {Channel} chat's state changed while handling its input (attempt {Attempt}); handling again")]
    private partial void LogConflict(string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversations: a {Channel} chat's stored state could not be read ({Error}); starting it afresh")]
    private partial void LogUnreadable(string channel, string error);
}

/// <summary>
/// The replies to deliver, and the language the chat now speaks (the web page follows it); <see cref="Held"/>: a
/// report waits for the channel's proof (see <c>mayFile</c>); <see cref="ReportComplete"/>: this input finished a
/// report (filed with nothing more offered, or its details added), so a channel may forget the chat's session;
/// <see cref="Filed"/>: this input filed a report, so a page may drop what it showed of it.
/// </summary>
public sealed record ConversationResult(IReadOnlyList<ConversationReply> Replies, Language Language, bool Held = false, bool ReportComplete = false, bool Filed = false);
