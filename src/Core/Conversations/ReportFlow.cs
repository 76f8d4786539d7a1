using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Cases;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Conversations;

/// <summary>
/// Reporting a child at risk, question by question (Decree 56, form 01): danger now, where, the child, what
/// happened, the suspected person, the reporter. A review lets every answer be changed before sending;
/// sending asks the engine to file the case.
/// </summary>
internal static partial class ReportFlow
{
    public const int MaxNameLength = 100;
    public const int MaxPlaceLength = 100;
    public const int MaxAddressLength = 300;
    public const int MaxSuspectLength = 300;
    public const int MinDescriptionLength = 10;
    public const int MaxDescriptionLength = 2000;

    private const string RegionPrefix = "region-";
    private const string CommunePrefix = "=";

    private static readonly HashSet<string> SkipWords = new(StringComparer.Ordinal)
    {
        "bo qua", "skip", "khong", "khong ro", "khong biet", "ko", "k", "ko biet", "k biet", "khong co", "chua ro",
        "no", "none", "unknown", "dont know", "don t know", "not sure", "n a", "na",
    };

    private static readonly HashSet<string> YesWords = new(StringComparer.Ordinal)
    {
        "co", "co a", "dung", "dung roi", "phai", "vang", "da", "da co", "yes", "y", "ok", "oke", "dong y", "co nguy hiem", "nguy hiem",
    };

    private static readonly HashSet<string> NoWords = new(StringComparer.Ordinal)
    {
        "khong", "ko", "k", "khong a", "chua", "khong nguy hiem", "no", "n", "not now", "khong dong y",
    };

    public static bool IsReportStep(ConversationStep step) => step is not ConversationStep.Idle and not ConversationStep.HelpProvince;

    public static Turn Start(ConversationState state, ConversationContext context, Language language)
    {
        // Details not yet added to a filed case do not stand in the way of a new report.
        if (state.Report is { FiledCode: not null })
        {
            state = state.WithoutReport();
        }

        if (state.Report is not null && context.DraftIsOld)
        {
            return ConfirmResume(state, language);
        }

        if (state.Report is not null)
        {
            var resumed = Continue(state, context, language);
            return resumed with { Replies = [Replies.Text(ConversationTexts.Get("ReportResume", language)), .. resumed.Replies] };
        }

        if (context.ReportsInLastHour >= context.MaxReportsPerHour)
        {
            return new Turn(state, [Replies.Menu(state, language, RateLimited(context.MaxReportsPerHour, context.ReportLimitWait, language))]);
        }

        var draft = new ReportDraft
        {
            Id = context.NewDraftId == Guid.Empty ? throw new InvalidOperationException("The engine gives every turn a new draft id.") : context.NewDraftId,
            StartedAt = context.Now,
        };
        var next = state with { Step = ConversationStep.ReportDanger, Report = draft, ReturnToReview = false };
        return new Turn(next, [Replies.Text(ConversationTexts.Get("ReportIntro", language)), Prompt(next, context, language)]);
    }

    /// <summary>
    /// A child in danger now (the emergency numbers are already said): ask only where and what, then file. An open
    /// report becomes urgent; a first message long enough to tell what happens is its description.
    /// </summary>
    public static Turn StartUrgent(ConversationState state, string said, ConversationContext context, Language language)
    {
        ArgumentNullException.ThrowIfNull(said);

        // An old unfinished report may be another person's, about another child: danger now starts afresh.
        if (context.DraftIsOld && state.Report is { FiledCode: null })
        {
            state = state.WithoutReport();
        }

        if (state.Report is { FiledCode: { } code })
        {
            // Most likely the same danger, already filed: say so rather than file it twice; a new report is one tap.
            var waiting = state with { Step = ConversationStep.Idle };
            return new Turn(waiting, [Replies.Text(ConversationTexts.Format("UrgentAlreadyFiled", language, code), Replies.Buttons(
                [(ConversationTexts.Get("AddDetails", language), Buttons.Continue)],
                [(ConversationTexts.Get("NewReport", language), Buttons.Report)]))]);
        }

        var text = said.Trim();
        var told = text.Length is >= MinDescriptionLength and <= MaxDescriptionLength ? text : null;
        ReportDraft draft;
        if (state.Report is { } open)
        {
            draft = open with { DangerNow = true, Urgent = true, EmergencyShown = true, Description = open.Description ?? told };
        }
        else if (context.ReportsInLastHour >= context.MaxReportsPerHour)
        {
            var idle = state with { Step = ConversationStep.Idle };
            return new Turn(idle, [Replies.Menu(idle, language, RateLimited(context.MaxReportsPerHour, context.ReportLimitWait, language))]);
        }
        else
        {
            draft = new ReportDraft
            {
                Id = context.NewDraftId == Guid.Empty ? throw new InvalidOperationException("The engine gives every turn a new draft id.") : context.NewDraftId,
                StartedAt = context.Now,
                DangerNow = true,
                Urgent = true,
                EmergencyShown = true,
                Description = told,
                Category = ReadCategory(TextMatching.Fold(text)),
            };
        }

        var step = Next(ConversationStep.ReportDanger, draft) ?? ConversationStep.ReportContact;
        var next = state with { Step = step, Report = draft with { At = step }, ReturnToReview = false };
        return new Turn(next, [Replies.Text(ConversationTexts.Get("UrgentIntro", language)), Prompt(next, context, language)]);
    }

    /// <summary>
    /// An old unfinished report: ask before going on, and show none of its answers (on a shared phone they may be
    /// another person's, about another child).
    /// </summary>
    public static Turn ConfirmResume(ConversationState state, Language language)
    {
        var waiting = state with { Step = ConversationStep.Idle, ReturnToReview = false };
        return new Turn(waiting, [Replies.Text(ConversationTexts.Get("ReportResumeAsk", language), Replies.Buttons(
            [(ConversationTexts.Get("ReportResumeContinue", language), Buttons.Continue)],
            [(ConversationTexts.Get("ReportResumeDiscard", language), Buttons.Discard)]))]);
    }

    public static Turn Continue(ConversationState state, ConversationContext context, Language language)
    {
        if (state.Report is not null && context.DraftIsOld)
        {
            return ConfirmResume(state, language);
        }

        if (state.Report is not { } draft)
        {
            return Start(state, context, language);
        }

        var next = state with { Step = draft.At };
        return new Turn(next, [Prompt(next, context, language)]);
    }

    public static Turn OnButton(ConversationState state, string data, ConversationContext context, Language language)
    {
        if (!Buttons.TryReadAnswer(data, out var step, out var value))
        {
            return new Turn(state, [Replies.Menu(state, language)]);
        }

        if (state.Report is not { } draft)
        {
            // A button of a report that was sent or cancelled: say which, never file twice.
            var said = state.LastSentCode is { } code
                ? ConversationTexts.Format("ReportAlreadySent", language, code)
                : ConversationTexts.Get("ReportNoLonger", language);
            return new Turn(state, [Replies.Menu(state, language, said)]);
        }

        // One of the closest communes offered after the commune question or under the review: taken at any question
        // until the report is filed.
        if (step == ConversationStep.ReportCommune && value.StartsWith(CommunePrefix, StringComparison.Ordinal) && draft.FiledCode is null)
        {
            return OnCommunePicked(state, draft, value[CommunePrefix.Length..], context, language);
        }

        // A press on the question the report is paused at resumes it; a press on an older question is ignored.
        if (step != state.Step && !(state.Step == ConversationStep.Idle && step == draft.At))
        {
            var current = state.Step == ConversationStep.Idle ? state with { Step = draft.At } : state;
            return new Turn(current, [Replies.Text(ConversationTexts.Get("OldButton", language)), Prompt(current, context, language)]);
        }

        return Apply(state with { Step = step }, draft, step, Answer.Button(value), context, language);
    }

    public static Turn OnAnswer(ConversationState state, ConversationInput input, ConversationContext context, Language language)
    {
        if (state.Report is not { } draft || !IsReportStep(state.Step))
        {
            var reset = state with { Step = ConversationStep.Idle };
            return new Turn(reset, [Replies.Menu(reset, language)]);
        }

        switch (input.Kind)
        {
            case InputKind.Photo when input.PhotoId is { } photo:
                return OnPhoto(state, draft, photo, input.Text, context, language);
            case InputKind.Location when input.Location is { IsValid: true } point:
                var located = draft with { Location = point };
                return state.Step == ConversationStep.ReportAddress
                    ? Advance(state, located, context, language)
                    : new Turn(state with { Report = located }, [Replies.Text(ConversationTexts.Get("LocationSaved", language)), Prompt(state, context, language)]);
            case InputKind.Contact when input.Phone is { } phone && state.Step == ConversationStep.ReportReporterPhone:
                return Apply(state, draft, state.Step, Answer.Typed(phone), context, language);
            case InputKind.Text when input.Text is { } text:
                return Apply(state, draft, state.Step, Answer.Typed(text.Trim()), context, language);
            default:
                return new Turn(state, [Replies.Text(ConversationTexts.Get("AnswerWithText", language)), Prompt(state, context, language)]);
        }
    }

    private static Turn OnPhoto(ConversationState state, ReportDraft draft, string photo, string? caption, ConversationContext context, Language language)
    {
        if (draft.Photos.Count >= ReportDraft.MaxPhotos)
        {
            return new Turn(state, [Replies.Text(ConversationTexts.Format("PhotoLimit", language, ReportDraft.MaxPhotos)), Prompt(state, context, language)]);
        }

        var withPhoto = draft with { Photos = [.. draft.Photos, photo] };
        var ack = Replies.Text(ConversationTexts.Format("PhotoSaved", language, withPhoto.Photos.Count, ReportDraft.MaxPhotos));

        // A caption on the description question is the description.
        if (state.Step == ConversationStep.ReportDescription && !string.IsNullOrWhiteSpace(caption))
        {
            var answered = Apply(state with { Report = withPhoto }, withPhoto, state.Step, Answer.Typed(caption.Trim()), context, language);
            return answered with { Replies = [ack, .. answered.Replies] };
        }

        var next = state with { Report = withPhoto };
        return new Turn(next, [ack, Prompt(next, context, language)]);
    }

    /// <summary>Takes one answer to <paramref name="step"/>: a valid one moves on, anything else re-asks with the reason.</summary>
    private static Turn Apply(ConversationState state, ReportDraft draft, ConversationStep step, Answer answer, ConversationContext context, Language language) =>
        QuestionAt(step) is { } question
            ? question.Take(new AnswerArgs(state, draft, step, answer, TextMatching.Fold(answer.Value), context, language))
            : new Turn(state with { Step = ConversationStep.Idle }, [Replies.Menu(state, language)]);

    private static Turn OnReview(ConversationState state, ReportDraft draft, Answer answer, ConversationContext context, Language language)
    {
        var choice = answer.IsButton ? answer.Value : TextMatching.Fold(answer.Value) switch
        {
            "gui" or "gui di" or "gui bao cao" or "send" or "ok" or "dong y" => "send",
            "sua" or "chinh sua" or "edit" or "change" => "edit",
            "huy" or "cancel" => "cancel",
            _ => "",
        };

        switch (choice)
        {
            case "send" when draft.FiledCode is { } filedCode:
                return new Turn(state, [], new AddDetails(draft, filedCode));
            case "send":
                if (context.ReportsInLastHour >= context.MaxReportsPerHour)
                {
                    return OnRefused(state, new ReportRefused(context.MaxReportsPerHour, context.ReportLimitWait), language);
                }

                return new Turn(state, [], new FileReport(draft));
            case "edit":
                var picking = state with { Step = ConversationStep.ReportEditPick };
                return new Turn(picking, [Prompt(picking, context, language)]);
            case "cancel":
                var cancelled = state.WithoutReport();
                return new Turn(cancelled, [Replies.Menu(cancelled, language, ConversationTexts.Get("ReportDiscarded", language))]);
            default:
                return Reask(state, "ReportInvalidChoice", context, language);
        }
    }

    public static Turn OnFiled(ConversationState state, ReportFiled filed, ConversationContext context, Language language)
    {
        // How the reporter follows the report: by /status in a chat that stays theirs; where the channel forgets the chat
        // once the report is done (the web, on a phone that may be shared), by the code and a follow code shown only now.
        var follow = context.ForgetsAfterReport && filed.FollowCode is { } followCode
            ? ConversationTexts.Format("FollowByCode", language, filed.Code, MessageHtml.Escape(followCode))
            : ConversationTexts.Format("FollowByStatus", language, filed.Code);
        var draft = state.Report;
        if (draft is { Urgent: true, FiledCode: null } && draft.Id == filed.DraftId)
        {
            // Filed: the rest of form 01 may follow, added to this case, behind "add details". What was filed is not
            // kept for it (where, what happened, the phone, the location): the details flow never shows it again, and on
            // a shared phone the next person can reach nothing of it (the intake adds the new answers to what it holds).
            var details = DetailsDraft(draft, filed.Code);
            var waiting = state with
            {
                Step = ConversationStep.Idle,
                Report = details,
                ReturnToReview = false,
                LastSentDraft = filed.DraftId,
                LastSentCode = filed.Code,
                ProvinceCode = context.ForgetsAfterReport ? state.ProvinceCode : state.ProvinceCode ?? draft.ProvinceCode,
                Commune = context.ForgetsAfterReport ? state.Commune : draft.Commune ?? state.Commune,
            };
            var filedText = ConversationTexts.Format("ReportFiledUrgent", language, filed.Code) + "\n" + follow + "\n\n"
                + ConversationTexts.Get(filed.Reached ? "UrgentOfferDetails" : "UrgentOfferDetailsNobodyReached", language);
            return new Turn(waiting, [Replies.Text(filedText, Replies.Buttons(
                [(ConversationTexts.Get("AddDetails", language), Buttons.Continue)],
                [(ConversationTexts.Get("MenuHelp", language), Buttons.Help), (ConversationTexts.Get("MenuBack", language), Buttons.Menu)]))]);
        }

        var next = state with
        {
            Step = ConversationStep.Idle,
            Report = null,
            ReturnToReview = false,
            LastSentDraft = filed.DraftId,
            LastSentCode = filed.Code,
            ProvinceCode = state.ProvinceCode ?? draft?.ProvinceCode,
            Commune = draft?.Commune ?? state.Commune,
        };
        // Nobody where the child lives can be told of it (no official has joined there, none by chat): the reporter must
        // not be led to wait for them.
        var said = ConversationTexts.Format(draft?.DangerNow == true ? "ReportFiledUrgent" : filed.Reached ? "ReportFiled" : "ReportFiledNobodyReached", language, filed.Code)
            + (filed.Reached || draft?.DangerNow != true ? "" : "\n" + ConversationTexts.Get("NobodyReachedCallNow", language))
            + "\n" + follow;
        return new Turn(next, [Replies.Menu(next, language, said)]);
    }

    /// <summary>
    /// The draft that collects the details of an urgent report filed as <paramref name="code"/>: its id (the case's
    /// submission key), and only what decides which questions follow (whether a phone was left, so a name is asked).
    /// Nothing the reporter told is in it; the kind of harm guessed from the first message is asked again.
    /// </summary>
    internal static ReportDraft DetailsDraft(ReportDraft filed, string code)
    {
        var details = new ReportDraft
        {
            Id = filed.Id,
            StartedAt = filed.StartedAt,
            DangerNow = filed.DangerNow,
            Urgent = true,
            EmergencyShown = true,
            FiledCode = code,
            ProvinceAnswered = true,
            Anonymous = filed.Anonymous,
            ContactConsent = filed.ContactConsent,
        };
        return details with { At = Next(ConversationStep.ReportDanger, details) ?? ConversationStep.ReportReview };
    }

    public static Turn OnDetailsAdded(ConversationState state, DetailsAdded added, Language language)
    {
        var next = state.WithoutReport();
        var said = ConversationTexts.Format(added.Added ? "DetailsAdded" : "DetailsNotAdded", language, added.Code);
        return new Turn(next, [Replies.Menu(next, language, said)]);
    }

    public static Turn OnRefused(ConversationState state, ReportRefused refused, Language language) =>
        new(state, [Replies.Text(RateLimited(refused.Limit, refused.Wait, language), Replies.Buttons(
            [(ConversationTexts.Get("MenuHelp", language), Buttons.Help)],
            [(ConversationTexts.Get("MenuBack", language), Buttons.Menu)]))]);

    /// <summary>The hourly limit, and how long until another report may be sent (whole minutes, at least one).</summary>
    private static string RateLimited(int limit, TimeSpan wait, Language language)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return ConversationTexts.Format("ReportRateLimited", language, limit, TimeTexts.Duration(TimeSpan.FromMinutes(minutes), language));
    }

    // No buttons: the web page proves and sends again by itself; the numbers stay in view meanwhile.
    public static Turn OnHeld(ConversationState state, Language language) =>
        new(state, [Replies.Text(ConversationTexts.Get("ReportHeld", language))]);

    private static Turn Place(ConversationState state, ReportDraft draft, Answer answer, string folded, int max, Func<ReportDraft, string?, ReportDraft> set, ConversationContext context, Language language)
    {
        if ((answer.IsButton && answer.Value == "skip") || SkipWords.Contains(folded))
        {
            return Advance(state, set(draft, null), context, language);
        }

        if (answer.IsButton || folded.Length == 0)
        {
            return Reask(state, "ReportInvalidText", context, language);
        }

        return answer.Value.Length > max ? TooLong(state, max, context, language) : Advance(state, set(draft, answer.Value), context, language);
    }

    /// <summary>The next question: the following one, or back to the review when an edit is complete.</summary>
    private static Turn Advance(ConversationState state, ReportDraft draft, ConversationContext context, Language language)
    {
        if (Next(state.Step, draft) is not { } step)
        {
            // An urgent report has all an official needs: file it now.
            var filing = state with { Report = draft with { At = state.Step } };
            IReadOnlyList<ConversationReply> noted = UsesReplyKeyboard(state.Step) ? [Replies.Text(ConversationTexts.Get("Noted", language), Keyboard.Remove)] : [];
            return new Turn(filing, noted, new FileReport(filing.Report!));
        }

        if (state.ReturnToReview && !NeedsAnswer(step, draft))
        {
            step = ConversationStep.ReportReview;
        }

        var next = state with
        {
            Step = step,
            Report = draft with { At = step },
            ReturnToReview = state.ReturnToReview && step != ConversationStep.ReportReview,
        };
        var replies = new List<ConversationReply>();
        if (UsesReplyKeyboard(state.Step))
        {
            // The location or contact buttons replaced the phone's keyboard: give it back.
            replies.Add(Replies.Text(ConversationTexts.Get("Noted", language), Keyboard.Remove));
        }

        replies.Add(Prompt(next, context, language));
        return new Turn(next, replies);
    }

    /// <summary>The question after <paramref name="step"/>; null when an urgent report is ready to be filed.</summary>
    private static ConversationStep? Next(ConversationStep step, ReportDraft draft)
    {
        var order = draft.FiledCode is not null ? DetailsOrder : draft.Urgent ? UrgentOrder : Order;
        var at = Array.IndexOf(order, step);
        for (var i = at + 1; i < order.Length; i++)
        {
            var candidate = order[i];
            if (!Skipped(candidate, draft))
            {
                return candidate;
            }
        }

        return draft.Urgent && draft.FiledCode is null ? null : ConversationStep.ReportReview;
    }

    private static bool Skipped(ConversationStep step, ReportDraft draft) => QuestionAt(step)?.Skip?.Invoke(draft) == true;

    private static ConversationStep[] EditableOf(ReportDraft draft) =>
        draft.FiledCode is null
            ? Editable
            : [.. Questions.Where(q => q.Review is not null && AddsDetail(q, draft)).Select(q => q.Step), .. draft.Anonymous == false ? [ConversationStep.ReportReporterName] : Array.Empty<ConversationStep>()];

    // A question the details of a filed urgent report ask (the rest of form 01), and not skipped for this draft.
    private static bool AddsDetail(Question question, ReportDraft draft) =>
        question.In.HasFlag(Asked.Details) && question.Skip?.Invoke(draft) != true;

    // Another province: the commune named before is not one of its units, so it goes (and is asked again, see Owed).
    private static ReportDraft WithProvince(ReportDraft draft, string? code) =>
        code == draft.ProvinceCode && draft.ProvinceAnswered
            ? draft with { ProvinceAnswered = true }
            : draft with { ProvinceCode = code, ProvinceAnswered = true, Commune = null, CommuneMatch = null };

    /// <summary>
    /// The commune or ward: matched among the units of the province when they are known. A name not found is
    /// kept as typed and the report goes on (a danger report must not stall on a spelling); the closest names
    /// come as buttons that correct it from any later question, and the review flags it until then.
    /// </summary>
    private static Turn OnCommune(ConversationState state, ReportDraft draft, Answer answer, string folded, ConversationContext context, Language language)
    {
        var known = context.CommuneNames;
        if (known.Count == 0 || answer.IsButton || SkipWords.Contains(folded) || folded.Length == 0 || answer.Value.Length > MaxPlaceLength)
        {
            return Place(state, draft, answer, folded, MaxPlaceLength, (d, v) => d with { Commune = v, CommuneMatch = null }, context, language);
        }

        if (MatchCommune(known, answer.Value) is { } match)
        {
            return Advance(state, draft with { Commune = answer.Value, CommuneMatch = match }, context, language);
        }

        var advanced = Advance(state, draft with { Commune = answer.Value, CommuneMatch = null }, context, language);
        var province = draft.ProvinceCode is { } code && context.Directory.ProvinceByCode(code) is { } p ? Replies.ProvinceName(p, language) : "";
        var closest = ClosestCommunes(known, answer.Value);
        var note = Replies.Text(
            ConversationTexts.Format(closest.Count > 0 ? "CommuneNotFound" : "CommuneNotFoundNoneClose", language, MessageHtml.Escape(answer.Value), MessageHtml.Escape(province)),
            closest.Count > 0 ? CommuneButtons(closest) : null);
        return advanced with { Replies = [note, .. advanced.Replies] };
    }

    /// <summary>Buttons that set the commune to one of <paramref name="names"/>, taken at whatever question the report is.</summary>
    private static Keyboard CommuneButtons(IEnumerable<string> names) =>
        Replies.Buttons([.. names.Select(n => new[] { (n, Buttons.Answer(ConversationStep.ReportCommune, CommunePrefix + TextMatching.UnitName(n))) })]);

    /// <summary>A tap on one of the closest communes: corrects the commune and asks again what the report was asking.</summary>
    private static Turn OnCommunePicked(ConversationState state, ReportDraft draft, string value, ConversationContext context, Language language)
    {
        var at = state.Step == ConversationStep.Idle ? state with { Step = draft.At } : state;
        if (MatchCommune(context.CommuneNames, value) is not { } picked)
        {
            return new Turn(at, [Replies.Text(ConversationTexts.Get("OldButton", language)), Prompt(at, context, language)]);
        }

        if (at.Step == ConversationStep.ReportCommune)
        {
            return Advance(at, draft with { Commune = picked, CommuneMatch = picked }, context, language);
        }

        var corrected = at with { Report = draft with { Commune = picked, CommuneMatch = picked } };
        return new Turn(corrected, [Replies.Text(ConversationTexts.Format("CommuneCorrected", language, MessageHtml.Escape(picked))), Prompt(corrected, context, language)]);
    }

    /// <summary>The one unit name of <paramref name="known"/> that <paramref name="typed"/> names, without accents or the word for its kind.</summary>
    private static string? MatchCommune(IReadOnlyList<string> known, string typed)
    {
        var wanted = TextMatching.UnitName(typed);
        var matches = known.Where(n => TextMatching.UnitName(n) == wanted).Distinct(StringComparer.Ordinal).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Up to three unit names closest to what was typed, by edit distance on folded names; none when nothing is close.</summary>
    public static IReadOnlyList<string> ClosestCommunes(IReadOnlyList<string> known, string typed)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(typed);
        var wanted = TextMatching.UnitName(typed);
        var limit = Math.Max(2, wanted.Length / 3);
        return [.. known
            .Select(n => (Name: n, Distance: TextMatching.EditDistance(TextMatching.UnitName(n), wanted)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).Distinct(StringComparer.Ordinal).Take(3)];
    }

    // Whether an edit must still ask this question (a reporter who stops being anonymous owes a name and a phone).
    private static bool NeedsAnswer(ConversationStep step, ReportDraft draft) => QuestionAt(step)?.Owed?.Invoke(draft) == true;

    private static bool UsesReplyKeyboard(ConversationStep step) => QuestionAt(step)?.ReplyKeyboard == true;

    private static Turn Reask(ConversationState state, string reason, ConversationContext context, Language language) =>
        new(state, [Replies.Text(ConversationTexts.Get(reason, language)), Prompt(state, context, language)]);

    private static Turn TooLong(ConversationState state, int max, ConversationContext context, Language language) =>
        new(state, [Replies.Text(ConversationTexts.Format("ReportTooLong", language, max)), Prompt(state, context, language)]);

    /// <summary>The steps that ask a place, a name, an age or a phone: words of danger typed there are not the answer.</summary>
    public static bool AsksAFact(ConversationStep step) => step is ConversationStep.ReportProvince or ConversationStep.ReportCommune
        or ConversationStep.ReportVillage or ConversationStep.ReportAddress or ConversationStep.ReportChildAge or ConversationStep.ReportChildName
        or ConversationStep.ReportReporterName or ConversationStep.ReportReporterPhone or ConversationStep.ReportContact;

    /// <summary>
    /// Danger told out of turn, kept with what happened (<see cref="WithTold"/>), and the question the report is at
    /// asked again.
    /// </summary>
    public static Turn KeepTold(ConversationState state, string told, ConversationContext context, Language language)
    {
        var next = WithTold(state, told);
        return new Turn(next, [Replies.Text(ConversationTexts.Get("ToldKept", language)), Prompt(next, context, language)]);
    }

    /// <summary>
    /// The report with <paramref name="told"/> kept with what happened: after the description when there is one, else
    /// until it is given (<see cref="ReportDraft.Told"/>). What happened is held to its limit; the words told first stay.
    /// </summary>
    public static ConversationState WithTold(ConversationState state, string? told)
    {
        ArgumentNullException.ThrowIfNull(state);
        var draft = state.Report ?? throw new InvalidOperationException("No report is open.");
        if (string.IsNullOrWhiteSpace(told))
        {
            return state;
        }

        var text = told.Trim();
        var kept = draft.Description is { Length: > 0 } description
            ? draft with { Description = Capped(description + "\n" + text) }
            : draft with { Told = Capped(draft.Told is { Length: > 0 } before ? before + "\n" + text : text) };
        return state with { Report = kept };

        static string Capped(string value) => value.Length <= MaxDescriptionLength ? value : value[..MaxDescriptionLength];
    }

    /// <summary>The question the report is at, with its buttons.</summary>
    public static ConversationReply Prompt(ConversationState state, ConversationContext context, Language language)
    {
        ArgumentNullException.ThrowIfNull(state);
        var draft = state.Report ?? throw new InvalidOperationException("No report is open.");
        var step = state.Step == ConversationStep.Idle ? draft.At : state.Step;
        return QuestionAt(step) is { } question
            ? question.Prompt(new PromptArgs(state, draft, step, context, language))
            : Replies.Menu(state, language);
    }

    /// <summary>The enum member a button names, by name only ("3" names nothing).</summary>
    public static T? Named<T>(string name)
        where T : struct, Enum =>
        !name.All(char.IsAsciiDigit) && Enum.TryParse<T>(name, out var value) && Enum.IsDefined(value) ? value : null;

    private static IEnumerable<(string, string)[]> Pairs(IEnumerable<(string, string)> buttons) => buttons.Chunk(2);

    /// <summary>Everything the reporter said, to check before sending. All of it typed by a person, so all of it escaped.</summary>
    public static string Review(ReportDraft draft, ConversationContext context, Language language)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        var shown = new ReviewArgs(draft, context, language);
        var text = new StringBuilder(draft.FiledCode is null ? shown.T("ReviewHeading") : ConversationTexts.Format("DetailsReviewHeading", language, draft.FiledCode));
        foreach (var question in Questions)
        {
            // Details to add show only what they add: what was filed is never shown again.
            if (question.Review is { } line && (draft.FiledCode is null || AddsDetail(question, draft)))
            {
                text.Append('\n').Append("• <b>").Append(shown.T("Field" + question.Step)).Append(":</b> ").Append(line(shown));
            }
        }

        if (draft is { FiledCode: not null, ReporterName: { } name })
        {
            text.Append('\n').Append("• <b>").Append(shown.T("FieldReportReporterName")).Append(":</b> ").Append(MessageHtml.Escape(name));
        }

        text.Append("\n\n").Append(shown.T("ReviewFooter"));
        return text.ToString();
    }

    // A typed commune the province's known units do not hold (nothing is flagged where none are known).
    private static bool CommuneFlagged(ReportDraft draft, ConversationContext context) =>
        draft is { CommuneMatch: null, Commune: not null, ProvinceCode: not null } && context.CommuneNames.Count > 0;

    /// <summary>A "yes"/"no" button, or yes and no as people type them; null when it is neither.</summary>
    private static bool? YesOrNo(Answer answer, string folded) =>
        answer.IsButton ? answer.Value == "yes" : YesWords.Contains(folded) ? true : NoWords.Contains(folded) ? false : null;

    private static int? ReadAge(string folded)
    {
        var match = Digits().Match(folded);
        if (!match.Success || !int.TryParse(match.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        // "8 thang" (months) is a baby.
        if (TextMatching.ContainsPhrase(folded, "thang") || TextMatching.ContainsPhrase(folded, "months") || TextMatching.ContainsPhrase(folded, "month"))
        {
            return number < 12 ? 0 : number / 12 < 18 ? number / 12 : null;
        }

        return number is >= 0 and < 18 ? number : null;
    }

    private static ChildSex? ReadSex(string folded) => folded switch
    {
        "nam" or "trai" or "be trai" or "con trai" or "chau trai" or "boy" or "male" or "m" => ChildSex.Boy,
        "nu" or "gai" or "be gai" or "con gai" or "chau gai" or "girl" or "female" or "f" => ChildSex.Girl,
        _ when SkipWords.Contains(folded) => ChildSex.Unknown,
        _ => null,
    };

    private static CaseCategory? ReadCategory(string folded)
    {
        (CaseCategory Category, string[] Phrases)[] keywords =
        [
            (CaseCategory.SexualAbuse, ["tinh duc", "hiep dam", "dam o", "so mo", "xam hai tinh duc", "sexual", "rape", "raped", "molested"]),
            (CaseCategory.OnlineAbuse, ["tren mang", "online", "mang xa hoi", "internet", "facebook", "zalo", "tiktok", "anh nong", "tong tien"]),
            (CaseCategory.Trafficking, ["buon ban", "mua ban", "bat coc", "ban sang", "trafficking", "trafficked", "kidnap"]),
            (CaseCategory.ChildLabour, ["lao dong", "bat lam", "di lam", "lam thue", "labour", "labor", "work"]),
            (CaseCategory.Neglect, ["bo mac", "bo roi", "bo bo", "bo doi", "khong cho an", "bo be", "neglect", "neglected", "abandoned"]),
            (CaseCategory.Violence, ["bi danh", "danh dap", "danh", "bao luc", "bao hanh", "hanh ha", "nguoc dai", "violence", "beaten", "hit", "beating", "xam hai"]),
            (CaseCategory.Other, ["khac", "other"]),
        ];
        foreach (var (category, phrases) in keywords)
        {
            if (phrases.Any(p => TextMatching.ContainsPhrase(folded, p)))
            {
                return category;
            }
        }

        return null;
    }

    private static SuspectRelation ReadRelation(string folded)
    {
        (SuspectRelation Relation, string[] Phrases)[] keywords =
        [
            (SuspectRelation.Parent, ["bo", "me", "cha", "ba", "bo de", "me de", "bo duong", "me ke", "cha duong", "father", "mother", "stepfather", "stepmother", "parent"]),
            (SuspectRelation.Relative, ["ong", "chu", "bac", "cau", "di", "co", "thim", "anh trai", "chi gai", "ho hang", "nguoi than", "uncle", "aunt", "grandfather", "grandmother", "brother", "sister", "relative", "cousin"]),
            (SuspectRelation.Caregiver, ["nguoi cham soc", "giup viec", "bao mau", "nguoi trong", "caregiver", "nanny", "babysitter"]),
            (SuspectRelation.Teacher, ["thay", "co giao", "giao vien", "thay giao", "teacher"]),
            (SuspectRelation.Acquaintance, ["hang xom", "nguoi quen", "ban", "neighbour", "neighbor", "friend", "acquaintance"]),
            (SuspectRelation.Stranger, ["nguoi la", "khong quen", "stranger"]),
        ];
        foreach (var (relation, phrases) in keywords)
        {
            if (phrases.Any(p => TextMatching.ContainsPhrase(folded, p)))
            {
                return relation;
            }
        }

        return SuspectRelation.Other;
    }

    private static bool? ReadAnonymous(string folded) => folded switch
    {
        "an danh" or "giau ten" or "khong" or "ko" or "anonymous" or "no" => true,
        "de lai" or "co" or "named" or "yes" or "de lai ten" => false,
        _ when TextMatching.ContainsPhrase(folded, "an danh") || TextMatching.ContainsPhrase(folded, "anonymous") => true,
        _ => null,
    };

    [GeneratedRegex(@"\d{1,3}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Digits();

    private readonly record struct Answer(string Value, bool IsButton)
    {
        public static Answer Button(string value) => new(value, true);

        public static Answer Typed(string value) => new(value, false);
    }
}
