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

    private static readonly ConversationStep[] Order =
    [
        ConversationStep.ReportDanger,
        ConversationStep.ReportProvince,
        ConversationStep.ReportCommune,
        ConversationStep.ReportVillage,
        ConversationStep.ReportAddress,
        ConversationStep.ReportChildAge,
        ConversationStep.ReportChildSex,
        ConversationStep.ReportChildName,
        ConversationStep.ReportCategory,
        ConversationStep.ReportDescription,
        ConversationStep.ReportSuspect,
        ConversationStep.ReportReporter,
        ConversationStep.ReportReporterName,
        ConversationStep.ReportReporterPhone,
        ConversationStep.ReportConsent,
        ConversationStep.ReportReview,
    ];

    // The questions the review offers to change; the reporter's name, phone and consent follow "reporter".
    private static readonly ConversationStep[] Editable =
    [
        ConversationStep.ReportDanger, ConversationStep.ReportProvince, ConversationStep.ReportCommune,
        ConversationStep.ReportVillage, ConversationStep.ReportAddress, ConversationStep.ReportChildAge,
        ConversationStep.ReportChildSex, ConversationStep.ReportChildName, ConversationStep.ReportCategory,
        ConversationStep.ReportDescription, ConversationStep.ReportSuspect, ConversationStep.ReportReporter,
    ];

    // A child in danger now: what an official needs to act, then the report is filed (the description is skipped
    // when the first message told it).
    private static readonly ConversationStep[] UrgentOrder =
    [
        ConversationStep.ReportProvince, ConversationStep.ReportCommune, ConversationStep.ReportAddress,
        ConversationStep.ReportDescription, ConversationStep.ReportContact,
    ];

    // The rest of form 01, asked once the urgent report is filed and added to the same case.
    private static readonly ConversationStep[] DetailsOrder =
    [
        ConversationStep.ReportVillage, ConversationStep.ReportChildAge, ConversationStep.ReportChildSex,
        ConversationStep.ReportChildName, ConversationStep.ReportCategory, ConversationStep.ReportSuspect,
        ConversationStep.ReportReporterName, ConversationStep.ReportReview,
    ];

    // Where the case is and whether it is urgent decided its routing: not changed once it is filed.
    private static readonly ConversationStep[] FixedOnceFiled =
        [ConversationStep.ReportDanger, ConversationStep.ReportProvince, ConversationStep.ReportCommune, ConversationStep.ReportReporter];

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
    private static Turn Apply(ConversationState state, ReportDraft draft, ConversationStep step, Answer answer, ConversationContext context, Language language)
    {
        var folded = TextMatching.Fold(answer.Value);
        switch (step)
        {
            case ConversationStep.ReportDanger:
                if (YesOrNo(answer, folded) is not { } now)
                {
                    return Reask(state, "ReportInvalidChoice", context, language);
                }

                // "Yes" turns the report urgent: filed as soon as an official knows where to go (not from the review,
                // where everything is already answered).
                var urgent = now && !state.ReturnToReview && draft.FiledCode is null;
                var decided = Advance(state, draft with { DangerNow = now, Urgent = urgent, EmergencyShown = draft.EmergencyShown || now }, context, language);
                if (urgent)
                {
                    decided = decided with { Replies = [Replies.Text(ConversationTexts.Get("UrgentIntro", language)), .. decided.Replies] };
                }

                return now && !draft.EmergencyShown ? decided with { Replies = [Replies.Emergency(language), .. decided.Replies] } : decided;

            case ConversationStep.ReportProvince:
                if (answer.IsButton && answer.Value.StartsWith(RegionPrefix, StringComparison.Ordinal))
                {
                    return Named<ProvinceRegion>(answer.Value[RegionPrefix.Length..]) is { } region
                        ? new Turn(state, [Replies.Text(ConversationTexts.Get("ProvincePickOne", language), Replies.Buttons([
                            .. Pairs(context.Directory.Provinces.Where(p => p.Region == region).Select(p => (Replies.ProvinceName(p, language), Buttons.Answer(step, p.Code)))),
                            [(ConversationTexts.Get("DontKnow", language), Buttons.Answer(step, "unknown"))]]))])
                        : Reask(state, "ReportInvalidChoice", context, language);
                }

                if (answer.IsButton || SkipWords.Contains(folded))
                {
                    var code = answer.IsButton && context.Directory.ProvinceByCode(answer.Value) is { } picked ? picked.Code : null;
                    return Advance(state, WithProvince(draft, code), context, language);
                }

                if (context.Directory.FindProvince(answer.Value) is { } province)
                {
                    return Advance(state, WithProvince(draft, province.Code), context, language);
                }

                var candidates = context.Directory.CandidatesFor(answer.Value);
                var choose = Replies.Buttons([
                    .. candidates.Select(p => new[] { (Replies.ProvinceName(p, language), Buttons.Answer(step, p.Code)) }),
                    [(ConversationTexts.Get("DontKnow", language), Buttons.Answer(step, "unknown"))]]);
                return new Turn(state, [Replies.Text(ConversationTexts.Get(candidates.Count > 0 ? "ProvincePickOne" : "ProvinceNotFound", language), choose)]);

            case ConversationStep.ReportCommune:
                return OnCommune(state, draft, answer, folded, context, language);
            case ConversationStep.ReportVillage:
                return Place(state, draft, answer, folded, MaxPlaceLength, (d, v) => d with { Village = v }, context, language);
            case ConversationStep.ReportAddress:
                return Place(state, draft, answer, folded, MaxAddressLength, (d, v) => d with { Address = v }, context, language);

            case ConversationStep.ReportChildAge:
                if (answer.IsButton)
                {
                    return Named<AgeBand>(answer.Value) is { } band
                        ? Advance(state, draft with { AgeBand = band, ChildAge = null }, context, language)
                        : Reask(state, "ReportInvalidChoice", context, language);
                }

                if (SkipWords.Contains(folded))
                {
                    return Advance(state, draft with { AgeBand = AgeBand.Unknown, ChildAge = null }, context, language);
                }

                return ReadAge(folded) is { } years
                    ? Advance(state, draft with { ChildAge = years, AgeBand = AgeBands.Of(years) }, context, language)
                    : Reask(state, "ReportInvalidAge", context, language);

            case ConversationStep.ReportChildSex:
                var sex = answer.IsButton ? Named<ChildSex>(answer.Value) : ReadSex(folded);
                return sex is { } known
                    ? Advance(state, draft with { ChildSex = known }, context, language)
                    : Reask(state, "ReportInvalidChoice", context, language);

            case ConversationStep.ReportChildName:
                return Place(state, draft, answer, folded, MaxNameLength, (d, v) => d with { ChildName = v }, context, language);

            case ConversationStep.ReportCategory:
                var category = answer.IsButton ? Named<CaseCategory>(answer.Value) : ReadCategory(folded);
                return category is { } kind
                    ? Advance(state, draft with { Category = kind }, context, language)
                    : Reask(state, "ReportInvalidCategory", context, language);

            case ConversationStep.ReportDescription:
                if (answer.IsButton && answer.Value == "photos" && draft.Photos.Count > 0)
                {
                    return Advance(state, draft with { Description = draft.Description ?? "" }, context, language);
                }

                if (answer.Value.Length < MinDescriptionLength)
                {
                    return Reask(state, "ReportDescriptionShort", context, language);
                }

                // An urgent report is filed before the category is asked: what was told gives it, for the alert.
                return answer.Value.Length > MaxDescriptionLength
                    ? TooLong(state, MaxDescriptionLength, context, language)
                    : Advance(state, draft with { Description = answer.Value, Category = draft.Urgent ? draft.Category ?? ReadCategory(folded) : draft.Category }, context, language);

            case ConversationStep.ReportSuspect:
                if (answer.IsButton)
                {
                    return Named<SuspectRelation>(answer.Value) is { } relation
                        ? Advance(state, draft with { Suspect = relation, SuspectDetails = null }, context, language)
                        : Reask(state, "ReportInvalidChoice", context, language);
                }

                if (SkipWords.Contains(folded))
                {
                    return Advance(state, draft with { Suspect = SuspectRelation.Unknown, SuspectDetails = null }, context, language);
                }

                return answer.Value.Length > MaxSuspectLength
                    ? TooLong(state, MaxSuspectLength, context, language)
                    : Advance(state, draft with { Suspect = ReadRelation(folded), SuspectDetails = answer.Value }, context, language);

            case ConversationStep.ReportReporter:
                bool? anonymous = answer.IsButton ? answer.Value == "anonymous" : ReadAnonymous(folded);
                if (anonymous is not { } hidden)
                {
                    return Reask(state, "ReportInvalidChoice", context, language);
                }

                // The one consent question: leaving a name and a phone is agreeing to be contacted, and says so.
                var who = hidden
                    ? draft with { Anonymous = true, ReporterName = null, ReporterPhone = null, ContactConsent = false }
                    : draft with { Anonymous = false, ContactConsent = true };
                return Advance(state, who, context, language);

            case ConversationStep.ReportReporterName:
                if (answer.IsButton || answer.Value.Length < 2 || SkipWords.Contains(folded))
                {
                    return Reask(state, "ReportInvalidName", context, language);
                }

                return answer.Value.Length > MaxNameLength
                    ? TooLong(state, MaxNameLength, context, language)
                    : Advance(state, draft with { ReporterName = answer.Value }, context, language);

            case ConversationStep.ReportReporterPhone:
                return PhoneNumbers.Normalise(answer.Value) is { } phone
                    ? Advance(state, draft with { ReporterPhone = phone }, context, language)
                    : Reask(state, "ReportInvalidPhone", context, language);

            case ConversationStep.ReportContact:
                if ((answer.IsButton && answer.Value == "skip") || SkipWords.Contains(folded))
                {
                    return Advance(state, draft with { Anonymous = true, ReporterName = null, ReporterPhone = null, ContactConsent = false }, context, language);
                }

                return PhoneNumbers.Normalise(answer.Value) is { } callBack
                    ? Advance(state, draft with { Anonymous = false, ReporterPhone = callBack, ContactConsent = true }, context, language)
                    : Reask(state, "ReportInvalidPhone", context, language);

            case ConversationStep.ReportConsent:
                return YesOrNo(answer, folded) is { } agreed
                    ? Advance(state, draft with { ContactConsent = agreed }, context, language)
                    : Reask(state, "ReportInvalidChoice", context, language);

            case ConversationStep.ReportReview:
                return OnReview(state, draft, answer, context, language);

            case ConversationStep.ReportEditPick:
                if (answer.IsButton && Named<ConversationStep>(answer.Value) is { } target && EditableOf(draft).Contains(target))
                {
                    var editing = state with { Step = target, ReturnToReview = true, Report = draft with { At = target } };
                    return new Turn(editing, [Prompt(editing, context, language)]);
                }

                return Reask(state, "ReportInvalidChoice", context, language);

            default:
                return new Turn(state with { Step = ConversationStep.Idle }, [Replies.Menu(state, language)]);
        }
    }

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
        // How the reporter follows the report: by /status in a chat that stays theirs, by the code where the channel
        // forgets the chat once the report is done (the web, on a phone that may be shared).
        var follow = ConversationTexts.Format(context.ForgetsAfterReport ? "FollowByCode" : "FollowByStatus", language, filed.Code);
        var draft = state.Report;
        if (draft is { Urgent: true, FiledCode: null } && draft.Id == filed.DraftId)
        {
            // Filed: the rest of form 01 may follow, added to this case, behind "add details".
            var details = draft with { FiledCode = filed.Code };
            details = details with { At = Next(ConversationStep.ReportDanger, details) ?? ConversationStep.ReportReview };
            var waiting = state with
            {
                Step = ConversationStep.Idle,
                Report = details,
                ReturnToReview = false,
                LastSentDraft = filed.DraftId,
                LastSentCode = filed.Code,
                ProvinceCode = state.ProvinceCode ?? draft.ProvinceCode,
                Commune = draft.Commune ?? state.Commune,
            };
            var filedText = ConversationTexts.Format("ReportFiledUrgent", language, filed.Code) + "\n" + follow + "\n\n" + ConversationTexts.Get("UrgentOfferDetails", language);
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
        var said = ConversationTexts.Format(draft?.DangerNow == true ? "ReportFiledUrgent" : "ReportFiled", language, filed.Code) + "\n" + follow;
        return new Turn(next, [Replies.Menu(next, language, said)]);
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

    private static bool Skipped(ConversationStep step, ReportDraft draft) => step switch
    {
        // Consent is the reporter question itself (leaving a name and phone is agreeing to be called); kept only
        // for conversations stored at it.
        ConversationStep.ReportConsent => true,
        ConversationStep.ReportReporterName when draft.FiledCode is not null => draft.Anonymous != false || draft.ReporterName is not null,
        ConversationStep.ReportReporterName or ConversationStep.ReportReporterPhone => draft.Anonymous == true,
        // A report already under way when danger was said keeps what it has.
        ConversationStep.ReportProvince when draft.Urgent => draft.ProvinceAnswered,
        ConversationStep.ReportCommune when draft.Urgent => draft.Commune is not null,
        ConversationStep.ReportAddress when draft.Urgent => draft.Address is not null || draft.Location is not null,
        ConversationStep.ReportDescription when draft.Urgent => draft.Description is not null,
        ConversationStep.ReportCategory when draft.FiledCode is not null => draft.Category is not null,
        _ => false,
    };

    private static ConversationStep[] EditableOf(ReportDraft draft) =>
        draft.FiledCode is null ? Editable : [.. Editable.Except(FixedOnceFiled)];

    private static ReportDraft WithProvince(ReportDraft draft, string? code) =>
        draft with { ProvinceCode = code, ProvinceAnswered = true, CommuneMatch = code == draft.ProvinceCode ? draft.CommuneMatch : null };

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
    private static bool NeedsAnswer(ConversationStep step, ReportDraft draft) => step switch
    {
        ConversationStep.ReportReporterName => draft.ReporterName is null,
        ConversationStep.ReportReporterPhone => draft.ReporterPhone is null,
        ConversationStep.ReportConsent => draft.ContactConsent is null,
        _ => false,
    };

    private static bool UsesReplyKeyboard(ConversationStep step) =>
        step is ConversationStep.ReportAddress or ConversationStep.ReportReporterPhone or ConversationStep.ReportContact;

    private static Turn Reask(ConversationState state, string reason, ConversationContext context, Language language) =>
        new(state, [Replies.Text(ConversationTexts.Get(reason, language)), Prompt(state, context, language)]);

    private static Turn TooLong(ConversationState state, int max, ConversationContext context, Language language) =>
        new(state, [Replies.Text(ConversationTexts.Format("ReportTooLong", language, max)), Prompt(state, context, language)]);

    /// <summary>The question the report is at, with its buttons.</summary>
    public static ConversationReply Prompt(ConversationState state, ConversationContext context, Language language)
    {
        ArgumentNullException.ThrowIfNull(state);
        var draft = state.Report ?? throw new InvalidOperationException("No report is open.");
        var step = state.Step == ConversationStep.Idle ? draft.At : state.Step;
        string T(string name) => ConversationTexts.Get(name, language);
        (string, string) B(string name, string value) => (T(name), Buttons.Answer(step, value));
        var skip = B("Skip", "skip");
        // Before an urgent report is filed its questions say why they are asked, without the form's numbers.
        var urgent = draft is { Urgent: true, FiledCode: null };
        return step switch
        {
            ConversationStep.ReportDanger => Ask("ReportAskDanger", [B("DangerYes", "yes")], [B("DangerNo", "no")]),
            ConversationStep.ReportProvince => AskProvince(),
            ConversationStep.ReportCommune => Ask(urgent ? "UrgentAskCommune" : "ReportAskCommune", [B("DontKnow", "skip")]),
            ConversationStep.ReportVillage => Ask("ReportAskVillage", [skip]),
            ConversationStep.ReportAddress => new ConversationReply(T(urgent ? "UrgentAskAddress" : "ReportAskAddress"), Keyboard.Reply(
                [new KeyboardButton(T("ShareLocation"), RequestLocation: true)],
                [new KeyboardButton(T("Skip"))])),
            ConversationStep.ReportChildAge => Ask("ReportAskAge",
                [B("AgeUnder6", nameof(AgeBand.Under6)), B("Age6To10", nameof(AgeBand.From6To10))],
                [B("Age11To15", nameof(AgeBand.From11To15)), B("Age16To17", nameof(AgeBand.From16To17))],
                [B("DontKnow", nameof(AgeBand.Unknown))]),
            ConversationStep.ReportChildSex => Ask("ReportAskSex", [B("SexBoy", nameof(ChildSex.Boy)), B("SexGirl", nameof(ChildSex.Girl)), B("DontKnow", nameof(ChildSex.Unknown))]),
            ConversationStep.ReportChildName => Ask("ReportAskChildName", [skip]),
            ConversationStep.ReportCategory => Ask("ReportAskCategory",
                [.. Pairs(Enum.GetValues<CaseCategory>().Select(c => (CaseTexts.Category(c, language), Buttons.Answer(step, c.ToString()))))]),
            ConversationStep.ReportDescription when urgent => new ConversationReply(T("UrgentAskDescription")),
            ConversationStep.ReportDescription => draft.Photos.Count > 0
                ? Ask("ReportAskDescription", [B("PhotosSayIt", "photos")])
                : new ConversationReply(T(context.TakesPhotos ? "ReportAskDescription" : "ReportAskDescriptionNoPhotos")),
            ConversationStep.ReportSuspect => Ask("ReportAskSuspect",
                [.. Pairs(Enum.GetValues<SuspectRelation>().Where(r => r is not SuspectRelation.Unknown and not SuspectRelation.Other).Select(r => B("Suspect" + r, r.ToString()))),
                    [B("DontKnow", nameof(SuspectRelation.Unknown))]]),
            ConversationStep.ReportReporter => Ask("ReportAskReporter", [B("ReporterAnonymous", "anonymous")], [B("ReporterNamed", "named")]),
            ConversationStep.ReportReporterName => new ConversationReply(T("ReportAskReporterName")),
            ConversationStep.ReportReporterPhone => new ConversationReply(T("ReportAskReporterPhone"), Keyboard.Reply(
                [new KeyboardButton(T("SharePhone"), RequestContact: true)])),
            ConversationStep.ReportConsent => Ask("ReportAskConsent", [B("ConsentYes", "yes")], [B("ConsentNo", "no")]),
            ConversationStep.ReportContact => new ConversationReply(T("ReportAskContact"), Keyboard.Reply(
                [new KeyboardButton(T("SharePhone"), RequestContact: true)],
                [new KeyboardButton(T("Skip"))])),
            ConversationStep.ReportReview => new ConversationReply(Review(draft, context, language), Replies.Buttons([
                .. CommuneFlagged(draft, context) ? ClosestCommunes(context.CommuneNames, draft.Commune!).Select(n => new[] { (n, Buttons.Answer(ConversationStep.ReportCommune, CommunePrefix + TextMatching.UnitName(n))) }) : [],
                [B(draft.FiledCode is null ? "ReviewSend" : "DetailsSend", "send")], [B("ReviewEdit", "edit"), B("ReviewCancel", "cancel")]])),
            ConversationStep.ReportEditPick => new ConversationReply(T("ReportEditPick"), Replies.Buttons(
                [.. Pairs(EditableOf(draft).Select(e => (T("Field" + e), Buttons.Answer(ConversationStep.ReportEditPick, e.ToString()))))])),
            _ => Replies.Menu(state, language),
        };

        ConversationReply Ask(string name, params (string, string)[][] rows) => new(T(name), Replies.Buttons(rows));

        ConversationReply AskProvince()
        {
            // The province the first message named, then the one remembered; then every province by region.
            var rows = new List<(string, string)[]>();
            var named = urgent && draft.Description is { } told ? context.Directory.FindProvince(told) : null;
            var remembered = state.ProvinceCode is null ? null : context.Directory.ProvinceByCode(state.ProvinceCode);
            foreach (var known in new[] { named, remembered }.OfType<Province>().Distinct())
            {
                rows.Add([(Replies.ProvinceName(known, language), Buttons.Answer(step, known.Code))]);
            }

            rows.Add([.. Enum.GetValues<ProvinceRegion>().Select(r => B("Region" + r, RegionPrefix + r))]);
            rows.Add([B("DontKnow", "unknown")]);
            return new ConversationReply(T(urgent ? "UrgentAskProvince" : "ReportAskProvince"), Replies.Buttons([.. rows]));
        }
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
        var directory = context.Directory;
        string T(string name) => ConversationTexts.Get(name, language);
        string Or(string? value) => string.IsNullOrEmpty(value) ? T("NotGiven") : MessageHtml.Escape(value);
        var text = new StringBuilder(draft.FiledCode is null ? T("ReviewHeading") : ConversationTexts.Format("DetailsReviewHeading", language, draft.FiledCode));
        void Line(string field, string value) => text.Append('\n').Append("• <b>").Append(T(field)).Append(":</b> ").Append(value);

        Line("FieldReportDanger", T(draft.DangerNow == true ? "DangerYes" : "DangerNo"));
        var province = draft.ProvinceCode is null ? null : directory.ProvinceByCode(draft.ProvinceCode);
        Line("FieldReportProvince", province is null ? T("NotGiven") : MessageHtml.Escape(Replies.ProvinceName(province, language)));
        // The commune as matched, with its province ("Xã Cẩm Tân, Thanh Hóa"); a name not found in the province is flagged.
        var provinceName = province is null ? null : MessageHtml.Escape(Replies.ProvinceName(province, language));
        Line("FieldReportCommune", draft.CommuneMatch is { } matched
            ? $"{MessageHtml.Escape(matched)}, {provinceName}"
            : draft.Commune is null ? T("NotGiven")
            : CommuneFlagged(draft, context) ? ConversationTexts.Format("CommuneFlag", language, MessageHtml.Escape(draft.Commune), provinceName ?? "")
            : provinceName is null ? MessageHtml.Escape(draft.Commune) : $"{MessageHtml.Escape(draft.Commune)}, {provinceName}");
        Line("FieldReportVillage", Or(draft.Village));
        var address = Or(draft.Address);
        if (draft.Location is { } point)
        {
            address += " " + string.Format(CultureInfo.InvariantCulture, "📍 {0:0.#####}, {1:0.#####}", point.Latitude, point.Longitude);
        }

        Line("FieldReportAddress", address);
        var age = draft.ChildAge is { } years
            ? ConversationTexts.Format("AgeYears", language, years)
            : T(draft.AgeBand switch
            {
                AgeBand.Under6 => "AgeUnder6",
                AgeBand.From6To10 => "Age6To10",
                AgeBand.From11To15 => "Age11To15",
                AgeBand.From16To17 => "Age16To17",
                _ => "DontKnow",
            });
        Line("FieldReportChildAge", age);
        Line("FieldReportChildSex", T(draft.ChildSex switch
        {
            ChildSex.Boy => "SexBoy",
            ChildSex.Girl => "SexGirl",
            _ => "DontKnow",
        }));
        Line("FieldReportChildName", Or(draft.ChildName));
        Line("FieldReportCategory", draft.Category is { } category ? CaseTexts.Category(category, language) : T("NotGiven"));
        var description = Or(draft.Description);
        if (draft.Photos.Count > 0)
        {
            description += " " + ConversationTexts.Format("PhotoCount", language, draft.Photos.Count);
        }

        Line("FieldReportDescription", description);
        var suspect = draft.Suspect is { } relation and not SuspectRelation.Unknown and not SuspectRelation.Other ? T("Suspect" + relation) : null;
        Line("FieldReportSuspect", suspect is null ? Or(draft.SuspectDetails) : draft.SuspectDetails is null ? suspect : $"{suspect} — {MessageHtml.Escape(draft.SuspectDetails)}");
        Line("FieldReportReporter", draft.Anonymous != false
            ? T("ReporterAnonymous")
            : $"{Or(draft.ReporterName)}, {Or(draft.ReporterPhone)} — {T(draft.ContactConsent == true ? "ConsentYes" : "ConsentNo")}");
        text.Append("\n\n").Append(T("ReviewFooter"));
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
