using System.Globalization;
using ChildCare.Core.Cases;
using ChildCare.Core.Directory;
using ChildCare.Core.Localization;
using ChildCare.Core.Messaging;

namespace ChildCare.Core.Conversations;

/// <summary>
/// The report's questions, one record each, in the order they are asked: what is asked (with its buttons), how an
/// answer is taken, its line in the review (a question with one can be changed from the review), and which paths
/// ask it. Adding a question is adding a record here (and its step and texts).
/// </summary>
internal static partial class ReportFlow
{
    private static readonly Question[] Questions =
    [
        new(ConversationStep.ReportDanger, Asked.Form,
            a => a.Ask("ReportAskDanger", [a.B("DangerYes", "yes")], [a.B("DangerNo", "no")]),
            TakeDanger,
            r => r.T(r.Draft.DangerNow == true ? "DangerYes" : "DangerNo")),
        new(ConversationStep.ReportProvince, Asked.Form | Asked.Urgent,
            PromptProvince,
            TakeProvince,
            r => r.Province is null ? r.T("NotGiven") : r.ProvinceName!,
            Skip: d => d.Urgent && d.ProvinceAnswered),
        new(ConversationStep.ReportCommune, Asked.Form | Asked.Urgent,
            PromptCommune,
            a => OnCommune(a.State, a.Draft, a.Answer, a.Folded, a.Context, a.Language),
            ReviewCommune,
            Skip: d => d.Urgent && d.Commune is not null,
            Owed: d => d.Commune is null),
        new(ConversationStep.ReportVillage, Asked.Form | Asked.Details,
            a => a.Ask("ReportAskVillage", [a.Skip]),
            a => a.Place(MaxPlaceLength, (d, v) => d with { Village = v }),
            r => r.Or(r.Draft.Village)),
        new(ConversationStep.ReportAddress, Asked.Form | Asked.Urgent,
            a => new ConversationReply(a.T(a.Urgent ? "UrgentAskAddress" : "ReportAskAddress"), Keyboard.Reply(
                [new KeyboardButton(a.T("ShareLocation"), RequestLocation: true)],
                [new KeyboardButton(a.T("Skip"))])),
            a => a.Place(MaxAddressLength, (d, v) => d with { Address = v }),
            r => r.Or(r.Draft.Address) + (r.Draft.Location is { } point ? " " + string.Format(CultureInfo.InvariantCulture, "📍 {0:0.#####}, {1:0.#####}", point.Latitude, point.Longitude) : ""),
            ReplyKeyboard: true,
            Skip: d => d.Urgent && (d.Address is not null || d.Location is not null)),
        new(ConversationStep.ReportChildAge, Asked.Form | Asked.Details,
            a => a.Ask("ReportAskAge",
                [a.B("AgeUnder6", nameof(AgeBand.Under6)), a.B("Age6To10", nameof(AgeBand.From6To10))],
                [a.B("Age11To15", nameof(AgeBand.From11To15)), a.B("Age16To17", nameof(AgeBand.From16To17))],
                [a.B("DontKnow", nameof(AgeBand.Unknown))]),
            TakeChildAge,
            r => r.Draft.ChildAge is { } years
                ? ConversationTexts.Format("AgeYears", r.Language, years)
                : r.T(r.Draft.AgeBand switch
                {
                    AgeBand.Under6 => "AgeUnder6",
                    AgeBand.From6To10 => "Age6To10",
                    AgeBand.From11To15 => "Age11To15",
                    AgeBand.From16To17 => "Age16To17",
                    _ => "DontKnow",
                })),
        new(ConversationStep.ReportChildSex, Asked.Form | Asked.Details,
            a => a.Ask("ReportAskSex", [a.B("SexBoy", nameof(ChildSex.Boy)), a.B("SexGirl", nameof(ChildSex.Girl)), a.B("DontKnow", nameof(ChildSex.Unknown))]),
            a => (a.Answer.IsButton ? Named<ChildSex>(a.Answer.Value) : ReadSex(a.Folded)) is { } known
                ? a.Advance(a.Draft with { ChildSex = known })
                : a.Reask("ReportInvalidChoice"),
            r => r.T(r.Draft.ChildSex switch
            {
                ChildSex.Boy => "SexBoy",
                ChildSex.Girl => "SexGirl",
                _ => "DontKnow",
            })),
        new(ConversationStep.ReportChildName, Asked.Form | Asked.Details,
            a => a.Ask("ReportAskChildName", [a.Skip]),
            a => a.Place(MaxNameLength, (d, v) => d with { ChildName = v }),
            r => r.Or(r.Draft.ChildName)),
        new(ConversationStep.ReportCategory, Asked.Form | Asked.Details,
            a => a.Ask("ReportAskCategory",
                [.. Pairs(Enum.GetValues<CaseCategory>().Select(c => (CaseTexts.Category(c, a.Language), Buttons.Answer(a.Step, c.ToString()))))]),
            a => (a.Answer.IsButton ? Named<CaseCategory>(a.Answer.Value) : ReadCategory(a.Folded)) is { } kind
                ? a.Advance(a.Draft with { Category = kind })
                : a.Reask("ReportInvalidCategory"),
            r => r.Draft.Category is { } category ? CaseTexts.Category(category, r.Language) : r.T("NotGiven")),
        new(ConversationStep.ReportDescription, Asked.Form | Asked.Urgent,
            a => a.Urgent ? new ConversationReply(a.T("UrgentAskDescription"))
                : a.Draft.Photos.Count > 0 ? a.Ask("ReportAskDescription", [a.B("PhotosSayIt", "photos")])
                : new ConversationReply(a.T(a.Context.TakesPhotos ? "ReportAskDescription" : "ReportAskDescriptionNoPhotos")),
            TakeDescription,
            r => r.Or(r.Draft.WhatHappened) + (r.Draft.Photos.Count > 0 ? " " + ConversationTexts.Format("PhotoCount", r.Language, r.Draft.Photos.Count) : ""),
            Skip: d => d.Urgent && d.Description is not null),
        new(ConversationStep.ReportSuspect, Asked.Form | Asked.Details,
            a => a.Ask("ReportAskSuspect",
                [.. Pairs(Enum.GetValues<SuspectRelation>().Where(r => r is not SuspectRelation.Unknown and not SuspectRelation.Other).Select(r => a.B("Suspect" + r, r.ToString()))),
                    [a.B("DontKnow", nameof(SuspectRelation.Unknown))]]),
            TakeSuspect,
            ReviewSuspect),
        new(ConversationStep.ReportReporter, Asked.Form,
            a => a.Ask("ReportAskReporter", [a.B("ReporterAnonymous", "anonymous")], [a.B("ReporterNamed", "named")]),
            TakeReporter,
            r => r.Draft.Anonymous != false
                ? r.T("ReporterAnonymous")
                : $"{r.Or(r.Draft.ReporterName)}, {r.Or(r.Draft.ReporterPhone)} — {r.T(r.Draft.ContactConsent == true ? "ConsentYes" : "ConsentNo")}"),
        new(ConversationStep.ReportReporterName, Asked.Form | Asked.Details,
            a => new ConversationReply(a.T("ReportAskReporterName")),
            TakeReporterName,
            Skip: d => d.FiledCode is not null ? d.Anonymous != false || d.ReporterName is not null : d.Anonymous == true,
            Owed: d => d.ReporterName is null),
        new(ConversationStep.ReportReporterPhone, Asked.Form,
            a => new ConversationReply(a.T("ReportAskReporterPhone"), Keyboard.Reply(
                [new KeyboardButton(a.T("SharePhone"), RequestContact: true)])),
            a => PhoneNumbers.InText(a.Answer.Value) is { } phone
                ? a.Advance(a.Draft with { ReporterPhone = phone })
                : a.Reask("ReportInvalidPhone"),
            ReplyKeyboard: true,
            Skip: d => d.Anonymous == true,
            Owed: d => d.ReporterPhone is null),

        // Consent is the reporter question itself (leaving a name and phone is agreeing to be called); kept only for
        // conversations stored at it.
        new(ConversationStep.ReportConsent, Asked.Form,
            a => a.Ask("ReportAskConsent", [a.B("ConsentYes", "yes")], [a.B("ConsentNo", "no")]),
            a => YesOrNo(a.Answer, a.Folded) is { } agreed
                ? a.Advance(a.Draft with { ContactConsent = agreed })
                : a.Reask("ReportInvalidChoice"),
            Skip: _ => true,
            Owed: d => d.ContactConsent is null),

        // A child in danger now: an optional phone number for a call back, the one question before it is filed.
        new(ConversationStep.ReportContact, Asked.Urgent,
            a => new ConversationReply(a.T("ReportAskContact"), Keyboard.Reply(
                [new KeyboardButton(a.T("SharePhone"), RequestContact: true)],
                [new KeyboardButton(a.T("Skip"))])),
            TakeContact,
            ReplyKeyboard: true),
        new(ConversationStep.ReportReview, Asked.Form | Asked.Details,
            a => new ConversationReply(Review(a.Draft, a.Context, a.Language), Replies.Buttons([
                .. CommuneFlagged(a.Draft, a.Context) ? ClosestCommunes(a.Context.CommuneNames, a.Draft.Commune!).Select(n => new[] { (n, Buttons.Answer(ConversationStep.ReportCommune, CommunePrefix + TextMatching.UnitName(n))) }) : [],
                [a.B(a.Draft.FiledCode is null ? "ReviewSend" : "DetailsSend", "send")], [a.B("ReviewEdit", "edit"), a.B("ReviewCancel", "cancel")]])),
            a => OnReview(a.State, a.Draft, a.Answer, a.Context, a.Language)),
        new(ConversationStep.ReportEditPick, Asked.None,
            a => new ConversationReply(a.T("ReportEditPick"), Replies.Buttons(
                [.. Pairs(EditableOf(a.Draft).Select(e => (a.T("Field" + e), Buttons.Answer(ConversationStep.ReportEditPick, e.ToString()))))])),
            TakeEditPick),
    ];

    private static readonly Dictionary<ConversationStep, Question> ByStep = Questions.ToDictionary(q => q.Step);

    // The whole form; a child in danger now (what an official needs to act, then the report is filed); the rest of
    // form 01, asked once the urgent report is filed and added to the same case.
    private static readonly ConversationStep[] Order = StepsAsked(Asked.Form);
    private static readonly ConversationStep[] UrgentOrder = StepsAsked(Asked.Urgent);
    private static readonly ConversationStep[] DetailsOrder = StepsAsked(Asked.Details);

    // The questions the review offers to change (those with a line in it); the reporter's name, phone and consent follow "reporter".
    private static readonly ConversationStep[] Editable = [.. Questions.Where(q => q.Review is not null).Select(q => q.Step)];

    private static ConversationStep[] StepsAsked(Asked path) => [.. Questions.Where(q => q.In.HasFlag(path)).Select(q => q.Step)];

    private static Question? QuestionAt(ConversationStep step) => ByStep.GetValueOrDefault(step);

    /// <summary>Which ways through the report ask a question.</summary>
    [Flags]
    private enum Asked
    {
        None = 0,

        /// <summary>The whole form, and the review.</summary>
        Form = 1,

        /// <summary>A child in danger now, before the report is filed.</summary>
        Urgent = 2,

        /// <summary>The details added to a filed urgent report.</summary>
        Details = 4,
    }

    /// <param name="Step">The question's step (its texts are keyed by it: the review's line is <c>Field{Step}</c>).</param>
    /// <param name="In">Which ways through the report ask it, in the table's order.</param>
    /// <param name="Prompt">The question with its buttons.</param>
    /// <param name="Take">An answer: a valid one moves on, anything else re-asks with the reason.</param>
    /// <param name="Review">Its line in the review; a question with one can be changed from the review.</param>
    /// <param name="ReplyKeyboard">Asked with the phone's reply keyboard (location, contact), given back after the answer.</param>
    /// <param name="Skip">Not asked for this draft.</param>
    /// <param name="Owed">Still asked after an edit from the review (a reporter who stops being anonymous owes a name and a phone).</param>
    private sealed record Question(
        ConversationStep Step,
        Asked In,
        Func<PromptArgs, ConversationReply> Prompt,
        Func<AnswerArgs, Turn> Take,
        Func<ReviewArgs, string>? Review = null,
        bool ReplyKeyboard = false,
        Func<ReportDraft, bool>? Skip = null,
        Func<ReportDraft, bool>? Owed = null);

    private readonly record struct PromptArgs(ConversationState State, ReportDraft Draft, ConversationStep Step, ConversationContext Context, Language Language)
    {
        /// <summary>Before an urgent report is filed its questions say why they are asked, without the form's numbers.</summary>
        public bool Urgent => Draft is { Urgent: true, FiledCode: null };

        public (string, string) Skip => B("Skip", "skip");

        public string T(string name) => ConversationTexts.Get(name, Language);

        public (string, string) B(string name, string value) => (T(name), Buttons.Answer(Step, value));

        public ConversationReply Ask(string name, params (string, string)[][] rows) => new(T(name), Replies.Buttons(rows));
    }

    private readonly record struct AnswerArgs(ConversationState State, ReportDraft Draft, ConversationStep Step, Answer Answer, string Folded, ConversationContext Context, Language Language)
    {
        public Turn Advance(ReportDraft draft) => ReportFlow.Advance(State, draft, Context, Language);

        public Turn Reask(string reason) => ReportFlow.Reask(State, reason, Context, Language);

        public Turn TooLong(int max) => ReportFlow.TooLong(State, max, Context, Language);

        public Turn Place(int max, Func<ReportDraft, string?, ReportDraft> set) => ReportFlow.Place(State, Draft, Answer, Folded, max, set, Context, Language);
    }

    private sealed class ReviewArgs(ReportDraft draft, ConversationContext context, Language language)
    {
        public ReportDraft Draft => draft;

        public ConversationContext Context => context;

        public Language Language => language;

        public Province? Province { get; } = draft.ProvinceCode is null ? null : context.Directory.ProvinceByCode(draft.ProvinceCode);

        /// <summary>The province's name, escaped; null when none was given.</summary>
        public string? ProvinceName => Province is null ? null : MessageHtml.Escape(Replies.ProvinceName(Province, language));

        public string T(string name) => ConversationTexts.Get(name, language);

        /// <summary>What the reporter typed, escaped, or "not given".</summary>
        public string Or(string? value) => string.IsNullOrEmpty(value) ? T("NotGiven") : MessageHtml.Escape(value);
    }

    private static Turn TakeDanger(AnswerArgs a)
    {
        if (YesOrNo(a.Answer, a.Folded) is not { } now)
        {
            return a.Reask("ReportInvalidChoice");
        }

        // "Yes" turns the report urgent: filed as soon as an official knows where to go (not from the review,
        // where everything is already answered).
        var draft = a.Draft;
        var urgent = now && !a.State.ReturnToReview && draft.FiledCode is null;
        var decided = a.Advance(draft with { DangerNow = now, Urgent = urgent, EmergencyShown = draft.EmergencyShown || now });
        if (urgent)
        {
            decided = decided with { Replies = [Replies.Text(ConversationTexts.Get("UrgentIntro", a.Language)), .. decided.Replies] };
        }

        return now && !draft.EmergencyShown ? decided with { Replies = [Replies.Emergency(a.Language), .. decided.Replies] } : decided;
    }

    private static ConversationReply PromptProvince(PromptArgs a)
    {
        // The province the first message named, then the one remembered; then every province by region.
        var rows = new List<(string, string)[]>();
        var named = a.Urgent && a.Draft.Description is { } told ? a.Context.Directory.FindProvince(told) : null;
        var remembered = a.State.ProvinceCode is null ? null : a.Context.Directory.ProvinceByCode(a.State.ProvinceCode);
        foreach (var known in new[] { named, remembered }.OfType<Province>().Distinct())
        {
            rows.Add([(Replies.ProvinceName(known, a.Language), Buttons.Answer(a.Step, known.Code))]);
        }

        var args = a;
        rows.Add([.. Enum.GetValues<ProvinceRegion>().Select(r => args.B("Region" + r, RegionPrefix + r))]);
        rows.Add([a.B("DontKnow", "unknown")]);
        return new ConversationReply(a.T(a.Urgent ? "UrgentAskProvince" : "ReportAskProvince"), Replies.Buttons([.. rows]));
    }

    // The example is a unit of the province just chosen, typed as people type it (no accents); none when its units are not known.
    private static ConversationReply PromptCommune(PromptArgs a)
    {
        var asked = a.Urgent ? "UrgentAskCommune" : "ReportAskCommune";
        var text = a.Context.CommuneNames.Count > 0
            ? ConversationTexts.Format(asked, a.Language, MessageHtml.Escape(TextMatching.Fold(a.Context.CommuneNames[0])))
            : a.T(asked + "NoExample");
        return new ConversationReply(text, Replies.Buttons([a.B("DontKnow", "skip")]));
    }

    private static Turn TakeProvince(AnswerArgs a)
    {
        var (state, draft, step, answer, context, language) = (a.State, a.Draft, a.Step, a.Answer, a.Context, a.Language);
        if (answer.IsButton && answer.Value.StartsWith(RegionPrefix, StringComparison.Ordinal))
        {
            return Named<ProvinceRegion>(answer.Value[RegionPrefix.Length..]) is { } region
                ? new Turn(state, [Replies.Text(ConversationTexts.Get("ProvincePickOne", language), Replies.Buttons([
                    .. Pairs(context.Directory.Provinces.Where(p => p.Region == region).Select(p => (Replies.ProvinceName(p, language), Buttons.Answer(step, p.Code)))),
                    [(ConversationTexts.Get("DontKnow", language), Buttons.Answer(step, "unknown"))]]))])
                : a.Reask("ReportInvalidChoice");
        }

        if (answer.IsButton || SkipWords.Contains(a.Folded))
        {
            var code = answer.IsButton && context.Directory.ProvinceByCode(answer.Value) is { } picked ? picked.Code : null;
            return a.Advance(WithProvince(draft, code));
        }

        if (context.Directory.FindProvince(answer.Value) is { } province)
        {
            return a.Advance(WithProvince(draft, province.Code));
        }

        var candidates = context.Directory.CandidatesFor(answer.Value);
        var choose = Replies.Buttons([
            .. candidates.Select(p => new[] { (Replies.ProvinceName(p, language), Buttons.Answer(step, p.Code)) }),
            [(ConversationTexts.Get("DontKnow", language), Buttons.Answer(step, "unknown"))]]);
        return new Turn(state, [Replies.Text(ConversationTexts.Get(candidates.Count > 0 ? "ProvincePickOne" : "ProvinceNotFound", language), choose)]);
    }

    // The commune as matched, with its province ("Xã Cẩm Tân, Thanh Hóa"); a name not found in the province is flagged.
    private static string ReviewCommune(ReviewArgs r) =>
        r.Draft.CommuneMatch is { } matched
            ? $"{MessageHtml.Escape(matched)}, {r.ProvinceName}"
            : r.Draft.Commune is null ? r.T("NotGiven")
            : CommuneFlagged(r.Draft, r.Context) ? ConversationTexts.Format("CommuneFlag", r.Language, MessageHtml.Escape(r.Draft.Commune), r.ProvinceName ?? "")
            : r.ProvinceName is null ? MessageHtml.Escape(r.Draft.Commune) : $"{MessageHtml.Escape(r.Draft.Commune)}, {r.ProvinceName}";

    private static Turn TakeChildAge(AnswerArgs a)
    {
        if (a.Answer.IsButton)
        {
            return Named<AgeBand>(a.Answer.Value) is { } band
                ? a.Advance(a.Draft with { AgeBand = band, ChildAge = null })
                : a.Reask("ReportInvalidChoice");
        }

        if (SkipWords.Contains(a.Folded))
        {
            return a.Advance(a.Draft with { AgeBand = AgeBand.Unknown, ChildAge = null });
        }

        return ReadAge(a.Folded) is { } years
            ? a.Advance(a.Draft with { ChildAge = years, AgeBand = AgeBands.Of(years) })
            : a.Reask("ReportInvalidAge");
    }

    private static Turn TakeDescription(AnswerArgs a)
    {
        var (draft, answer) = (a.Draft, a.Answer);
        if (answer.IsButton && answer.Value == "photos" && draft.Photos.Count > 0)
        {
            return a.Advance(draft with { Description = draft.Description ?? "" });
        }

        if (answer.Value.Length < MinDescriptionLength)
        {
            return a.Reask("ReportDescriptionShort");
        }

        // An urgent report is filed before the category is asked: what was told gives it, for the alert.
        return answer.Value.Length > MaxDescriptionLength
            ? a.TooLong(MaxDescriptionLength)
            : a.Advance(draft with { Description = answer.Value, Category = draft.Urgent ? draft.Category ?? ReadCategory(a.Folded) : draft.Category });
    }

    private static Turn TakeSuspect(AnswerArgs a)
    {
        if (a.Answer.IsButton)
        {
            return Named<SuspectRelation>(a.Answer.Value) is { } relation
                ? a.Advance(a.Draft with { Suspect = relation, SuspectDetails = null })
                : a.Reask("ReportInvalidChoice");
        }

        if (SkipWords.Contains(a.Folded))
        {
            return a.Advance(a.Draft with { Suspect = SuspectRelation.Unknown, SuspectDetails = null });
        }

        return a.Answer.Value.Length > MaxSuspectLength
            ? a.TooLong(MaxSuspectLength)
            : a.Advance(a.Draft with { Suspect = ReadRelation(a.Folded), SuspectDetails = a.Answer.Value });
    }

    private static string ReviewSuspect(ReviewArgs r)
    {
        var suspect = r.Draft.Suspect is { } relation and not SuspectRelation.Unknown and not SuspectRelation.Other ? r.T("Suspect" + relation) : null;
        return suspect is null ? r.Or(r.Draft.SuspectDetails) : r.Draft.SuspectDetails is null ? suspect : $"{suspect} — {MessageHtml.Escape(r.Draft.SuspectDetails)}";
    }

    private static Turn TakeReporter(AnswerArgs a)
    {
        bool? anonymous = a.Answer.IsButton ? a.Answer.Value == "anonymous" : ReadAnonymous(a.Folded);
        if (anonymous is not { } hidden)
        {
            return a.Reask("ReportInvalidChoice");
        }

        // The one consent question: leaving a name and a phone is agreeing to be contacted, and says so.
        var who = hidden
            ? a.Draft with { Anonymous = true, ReporterName = null, ReporterPhone = null, ContactConsent = false }
            : a.Draft with { Anonymous = false, ContactConsent = true };
        return a.Advance(who);
    }

    private static Turn TakeReporterName(AnswerArgs a)
    {
        if (a.Answer.IsButton || a.Answer.Value.Length < 2 || SkipWords.Contains(a.Folded))
        {
            return a.Reask("ReportInvalidName");
        }

        return a.Answer.Value.Length > MaxNameLength
            ? a.TooLong(MaxNameLength)
            : a.Advance(a.Draft with { ReporterName = a.Answer.Value });
    }

    private static Turn TakeContact(AnswerArgs a)
    {
        if ((a.Answer.IsButton && a.Answer.Value == "skip") || SkipWords.Contains(a.Folded))
        {
            return a.Advance(a.Draft with { Anonymous = true, ReporterName = null, ReporterPhone = null, ContactConsent = false });
        }

        return PhoneNumbers.InText(a.Answer.Value) is { } callBack
            ? a.Advance(a.Draft with { Anonymous = false, ReporterPhone = callBack, ContactConsent = true })
            : a.Reask("ReportInvalidPhone");
    }

    private static Turn TakeEditPick(AnswerArgs a)
    {
        if (a.Answer.IsButton && Named<ConversationStep>(a.Answer.Value) is { } target && EditableOf(a.Draft).Contains(target))
        {
            var editing = a.State with { Step = target, ReturnToReview = true, Report = a.Draft with { At = target } };
            return new Turn(editing, [Prompt(editing, a.Context, a.Language)]);
        }

        return a.Reask("ReportInvalidChoice");
    }
}
