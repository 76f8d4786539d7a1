using System.Globalization;
using System.Text;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Cases;

/// <summary>
/// The case buttons under an alert, in an official's private chat: open the details (only for an official
/// allowed to read them, and recorded), take the case, set the risk (with a typed reason), move it a stage,
/// close it (with a reason), add a note. Returns the replies; the channel sends them.
/// </summary>
public sealed class CaseChat
{
    // Every command of every chat drops its question: the chats handled at once on a node drop theirs in one statement.
    private const int MaxForgetGroup = 200;
    /// <summary>Where the web shows a case to the officials of its unit (the Bot's case pages), followed by its code.</summary>
    public const string CasePagePath = "/cases/";

    private static readonly TimeSpan PromptLifetime = TimeSpan.FromMinutes(30);
    private readonly IDbContextFactory<ChildCareDbContext> _contexts;
    private readonly CaseDesk _desk;
    private readonly TimeProvider _time;
    private readonly GroupCommit<(string Channel, long ChatId), bool> _forgets;

    internal CaseChat(IDbContextFactory<ChildCareDbContext> contexts, CaseDesk desk, TimeProvider time)
    {
        _contexts = contexts;
        _desk = desk;
        _time = time;
        _forgets = new(ForgetAllAsync, async chat => (await ForgetAllAsync([chat]))[0], MaxForgetGroup);
    }

    public async Task<IReadOnlyList<OutboundMessage>> OnButtonAsync(ChatPerson person, string data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(data);
        var parts = data[CaseNotifier.CallbackPrefix.Length..].Split(':');
        if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var caseId))
        {
            return [];
        }

        var viewer = await _desk.ViewerForChatAsync(person.Channel, person.ChatId, cancellationToken);
        // Button data can be forged: a case this chat may not read is answered as one that does not exist, before
        // any prompt or refusal could name its code (the right is part of the query that finds the code).
        var code = viewer is null ? null : await _desk.VisibleCodeAsync(viewer, caseId, cancellationToken);
        if (viewer is null || code is null)
        {
            return [Reply(person, CaseTexts.Get("NotAllowed", person.Language))];
        }

        var argument = parts.Length > 2 ? parts[2] : null;
        switch (parts[0])
        {
            case "open":
                return await DetailsAsync(person, viewer, caseId, code, cancellationToken);
            case "take":
                return [await ResultAsync(person, await _desk.TakeAsync(viewer, code, cancellationToken), "Taken", code, cancellationToken)];
            case "risk":
                return [Reply(person, CaseTexts.Format("PickRisk", person.Language, code), Keyboard.Inline(
                    [.. Enum.GetValues<RiskLevel>().Reverse().Select(r => (IReadOnlyList<KeyboardButton>)[Button(CaseNotifier.Risk(r, person.Language), "rk", caseId, r.ToString())])]))];
            case "rk" when Named<RiskLevel>(argument ?? "") is { } level:
                return [await PromptAsync(person, viewer, caseId, code, CasePromptAction.Risk, level.ToString(), cancellationToken)];
            case "move":
                return [await StagesAsync(person, viewer, code, caseId, cancellationToken)];
            case "mv" when Named<CaseStage>(argument ?? "") is { } stage:
                return [await ResultAsync(person, await _desk.MoveAsync(viewer, code, stage, cancellationToken), "Moved", code, cancellationToken)];
            case "close":
                return [await PromptAsync(person, viewer, caseId, code, CasePromptAction.Close, null, cancellationToken)];
            case "note":
                return [await PromptAsync(person, viewer, caseId, code, CasePromptAction.Note, null, cancellationToken)];
            case "refer":
                return [await PromptAsync(person, viewer, caseId, code, CasePromptAction.Refer, null, cancellationToken)];
            case "accept":
                return [await ResultAsync(person, await _desk.AnswerReferralAsync(viewer, code, accept: true, null, cancellationToken), "DoneAccept", code, cancellationToken)];
            case "refuse":
                return [await PromptAsync(person, viewer, caseId, code, CasePromptAction.RefuseReferral, null, cancellationToken, checkRights: false)];
            default:
                return [];
        }
    }

    /// <summary>Whether the chat waits for a typed reason or note; answered with <see cref="OnTextAsync"/>.</summary>
    public async Task<bool> IsWaitingAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        var now = _time.GetUtcNow();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.CasePrompts.AnyAsync(p => p.Channel == person.Channel && p.ChatId == person.ChatId && p.ExpiresAt > now, cancellationToken);
    }

    /// <summary>A command ends the wait: the official moved on.</summary>
    public async Task ForgetAsync(ChatPerson person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await _forgets.WriteAsync((person.Channel, person.ChatId)).WaitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<bool>> ForgetAllAsync(IReadOnlyList<(string Channel, long ChatId)> chats)
    {
        await using var db = await _contexts.CreateDbContextAsync(CancellationToken.None);
        foreach (var channel in chats.GroupBy(c => c.Channel))
        {
            long[] ids = [.. channel.Select(c => c.ChatId).Distinct()];
            if (db.IsPostgres)
            {
                // Every command forgets: one text for any number of chats, with nothing for EF Core to translate (PostgresCommands).
                await using var command = (await PostgresCommands.CreateAsync(db, "DELETE FROM case_prompts WHERE channel = $1 AND chat_id = ANY($2)", CancellationToken.None))
                    .With(channel.Key)
                    .With(ids);
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
            else
            {
                await db.CasePrompts.Where(p => p.Channel == channel.Key && ids.Contains(p.ChatId)).ExecuteDeleteAsync(CancellationToken.None);
            }
        }

        return [.. chats.Select(_ => true)];
    }

    public async Task<IReadOnlyList<OutboundMessage>> OnTextAsync(ChatPerson person, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        CasePrompt? prompt;
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            prompt = await db.CasePrompts.SingleOrDefaultAsync(p => p.Channel == person.Channel && p.ChatId == person.ChatId, cancellationToken);
            if (prompt is null)
            {
                return [];
            }

            db.CasePrompts.Remove(prompt);
            await db.SaveChangesAsync(cancellationToken);
        }

        var viewer = await _desk.ViewerForChatAsync(person.Channel, person.ChatId, cancellationToken);
        var code = await CodeOfAsync(prompt.CaseId, cancellationToken);
        if (viewer is null || code is null)
        {
            return [Reply(person, CaseTexts.Get("NotAllowed", person.Language))];
        }

        var reason = text.Trim();
        var result = prompt.Action switch
        {
            CasePromptAction.Risk => await _desk.SetRiskAsync(viewer, code, Enum.Parse<RiskLevel>(prompt.Argument!), reason, cancellationToken),
            CasePromptAction.Close => await _desk.CloseAsync(viewer, code, reason, cancellationToken),
            CasePromptAction.Reopen => await _desk.ReopenAsync(viewer, code, reason, cancellationToken),
            CasePromptAction.Refer => await ReferAsync(viewer, code, reason, cancellationToken),
            CasePromptAction.RefuseReferral => await _desk.AnswerReferralAsync(viewer, code, accept: false, reason, cancellationToken),
            _ => await _desk.AddNoteAsync(viewer, code, reason, cancellationToken),
        };
        return [await ResultAsync(person, result, "Done" + prompt.Action, code, cancellationToken)];
    }

    // "Cẩm Thủy, trẻ đã về ở với bà ngoại": the unit's name, then the reason.
    private Task<CaseResult> ReferAsync(CaseViewer viewer, string code, string typed, CancellationToken cancellationToken)
    {
        var comma = typed.IndexOf(',', StringComparison.Ordinal);
        return comma <= 0
            ? Task.FromResult(new CaseResult(CaseOutcome.Refused, "RuleReasonMissing"))
            : _desk.ReferByNameAsync(viewer, code, typed[..comma].Trim(), typed[(comma + 1)..].Trim(), cancellationToken);
    }

    /// <summary>
    /// The case's details and, on Telegram, the photos sent with the report (by the file_id Telegram gave, protected like
    /// the details); elsewhere the details count them and the case page on the web shows them.
    /// </summary>
    private async Task<IReadOnlyList<OutboundMessage>> DetailsAsync(ChatPerson person, CaseViewer viewer, long caseId, string code, CancellationToken cancellationToken)
    {
        var view = await _desk.GetAsync(viewer, code, cancellationToken);
        if (view is null)
        {
            return [Reply(person, CaseTexts.Get("NotAllowed", person.Language))];
        }

        var details = Details(person, view, caseId, code);
        return view.Details.PhotoFileIds.Count > 0 && person.Channel == OutboxMessage.TelegramChannel
            ? [details, CasePhotoMessage.For(person.ChatId, person.Channel, CaseTexts.Format("PhotosCaption", person.Language, code, view.Details.PhotoFileIds.Count), view.Details.PhotoFileIds)]
            : [details];
    }

    private OutboundMessage Details(ChatPerson person, CaseView view, long caseId, string code)
    {
        var l = person.Language;
        var d = view.Details;
        string Or(string? value) => string.IsNullOrWhiteSpace(value) ? "—" : MessageHtml.Escape(value);
        var text = new StringBuilder(CaseTexts.Format("DetailsHeading", l, code));
        text.Append('\n').Append(CaseTexts.Format("DetailsChild", l,
            Or(d.ChildName), d.ChildAge?.ToString(CultureInfo.InvariantCulture) ?? CaseTexts.Get("Age" + view.AgeBand, l), CaseTexts.Get("Sex" + view.ChildSex, l)));
        text.Append('\n').Append(CaseTexts.Format("DetailsWhere", l, Or(d.Commune), Or(d.Village), Or(d.Address)));
        if (d.Location is { } point)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $" 📍 {point.Latitude:0.#####}, {point.Longitude:0.#####}"));
        }

        text.Append('\n').Append(CaseTexts.Format("DetailsWhat", l, Or(d.Description), d.PhotoFileIds.Count));
        if (d.PhotoFileIds.Count > 0 && person.Channel != OutboxMessage.TelegramChannel)
        {
            // Only Telegram can be given a photo that stays protected in the chat: elsewhere (Zalo) the case page shows them.
            text.Append('\n').Append(CaseTexts.Format("PhotosOnCasePage", l, CasePagePath + Uri.EscapeDataString(code)));
        }
        text.Append('\n').Append(CaseTexts.Format("DetailsSuspect", l, CaseTexts.Get("Suspect" + view.Suspect, l),
            string.IsNullOrWhiteSpace(d.SuspectDetails) ? "" : " — " + MessageHtml.Escape(d.SuspectDetails)));
        text.Append('\n').Append(view.Anonymous
            ? CaseTexts.Get("DetailsAnonymous", l)
            : CaseTexts.Format("DetailsReporter", l, Or(d.ReporterName), Or(d.ReporterPhone), CaseTexts.Get(view.ContactConsent ? "ConsentYes" : "ConsentNo", l)));
        text.Append("\n\n").Append(CaseTexts.Format("LineRisk", l, CaseNotifier.Risk(view.Summary.Risk, l), ""));
        text.Append('\n').Append(CaseTexts.Format("LineStage", l, CaseNotifier.Stage(view.Summary.Stage, l)));
        if (view.Summary.DueAt is { } due)
        {
            text.Append('\n').Append(CaseTexts.Format(view.Summary.NextClock == "Emergency" ? "LineEmergencyClock" : "LinePlanClock", l,
                DeadlineEnds.Clock(view.Summary.NextClock ?? "Plan", due, l), CaseNotifier.Left(due - _time.GetUtcNow(), l)));
        }

        foreach (var line in view.History.Where(h => h.Action == CaseAction.NoteAdded).TakeLast(5))
        {
            text.Append('\n').Append(CaseTexts.Format("DetailsNote", l, CaseNotifier.Local(line.At), Or(line.Text)));
        }

        return Reply(person, text.ToString(), CaseNotifier.Buttons(caseId, l, taken: view.Summary.Assignee is not null));
    }

    private async Task<OutboundMessage> StagesAsync(ChatPerson person, CaseViewer viewer, string code, long caseId, CancellationToken cancellationToken)
    {
        var peek = await _desk.PeekAsync(viewer, code, cancellationToken);
        if (peek.Case is not { } filed)
        {
            return Reply(person, CaseTexts.Get(peek.Outcome == CaseOutcome.Forbidden ? "ReadOnly" : "NotAllowed", person.Language));
        }

        var rows = filed.NextStages.Select(s => (IReadOnlyList<KeyboardButton>)[Button(CaseNotifier.Stage(s, person.Language), "mv", caseId, s.ToString())]).ToList();
        if (filed.IsOpen && filed.ReferredToUnitId is null)
        {
            rows.Add([Button(CaseTexts.Get("ButtonRefer", person.Language), "refer", caseId)]);
            rows.Add([Button(CaseTexts.Get("ButtonClose", person.Language), "close", caseId)]);
        }

        return Reply(person, CaseTexts.Format("PickStage", person.Language, code, CaseNotifier.Stage(filed.Stage, person.Language)), Keyboard.Inline([.. rows]));
    }

    private async Task<OutboundMessage> PromptAsync(ChatPerson person, CaseViewer viewer, long caseId, string code, CasePromptAction action, string? argument, CancellationToken cancellationToken, bool checkRights = true)
    {
        // Only someone who may act is asked for a reason; the rest hear so now, not after typing it. (Refusing a
        // referral is the receiving unit's answer: the desk checks that right when the reason comes.)
        var peek = checkRights ? await _desk.PeekAsync(viewer, code, cancellationToken) : new CaseResult(CaseOutcome.Done);
        if (!peek.Ok)
        {
            return Reply(person, CaseTexts.Get(peek.Outcome == CaseOutcome.Forbidden ? "ReadOnly" : "NotAllowed", person.Language));
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.CasePrompts.Where(p => p.Channel == person.Channel && p.ChatId == person.ChatId).ExecuteDeleteAsync(cancellationToken);
        db.CasePrompts.Add(new CasePrompt
        {
            Channel = person.Channel,
            ChatId = person.ChatId,
            CaseId = caseId,
            Action = action,
            Argument = argument,
            ExpiresAt = _time.GetUtcNow() + PromptLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return Reply(person, CaseTexts.Format("Ask" + action, person.Language, code, argument is null ? "" : CaseNotifier.Risk(Enum.Parse<RiskLevel>(argument), person.Language)));
    }

    private async Task<OutboundMessage> ResultAsync(ChatPerson person, CaseResult result, string done, string code, CancellationToken cancellationToken)
    {
        var l = person.Language;
        return result.Outcome switch
        {
            // The unit it is with now (after a referral, the new one), named as the alert named it; a taken case
            // offers no "take" again.
            CaseOutcome.Done => Reply(person, CaseTexts.Format(done, l, code) + "\n" + CaseNotifier.Summary(result.Case!, await UnitNameAsync(result.Case!.UnitId, l, cancellationToken), _time.GetUtcNow(), l),
                CaseNotifier.Buttons(result.Case!.Id, l, taken: result.Case.AssigneeId is not null)),
            CaseOutcome.Refused => Reply(person, CaseTexts.Format("Refused", l, code, CaseTexts.Get(result.Rule ?? "RuleIllegalMove", l))),
            CaseOutcome.Forbidden => Reply(person, CaseTexts.Get("ReadOnly", l)),
            _ => Reply(person, CaseTexts.Get("NotAllowed", l)),
        };
    }

    private async Task<string?> UnitNameAsync(long? unitId, Language language, CancellationToken cancellationToken)
    {
        if (unitId is not { } id)
        {
            return null;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return unit?.Name(language);
    }

    private async Task<string?> CodeOfAsync(long caseId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => c.Code).SingleOrDefaultAsync(cancellationToken);
    }

    private static KeyboardButton Button(string text, string action, long caseId, string? argument = null) =>
        KeyboardButton.Callback(text, CaseNotifier.Data(action, caseId, argument));

    /// <summary>An enum value by its name, as a button carries it (never by number).</summary>
    private static T? Named<T>(string name)
        where T : struct, Enum =>
        !name.All(char.IsAsciiDigit) && Enum.TryParse<T>(name, out var value) && Enum.IsDefined(value) ? value : null;

    private static OutboundMessage Reply(ChatPerson person, string text, Keyboard? keyboard = null) =>
        new(person.ChatId, text, MessagePriority.Reply, MessagePurposes.CaseChat, keyboard, Channel: person.Channel);
}
