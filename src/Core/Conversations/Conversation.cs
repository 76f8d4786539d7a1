using ChildCare.Core.Cases;
using ChildCare.Core.Directory;
using ChildCare.Core.Directory.Danger;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>
/// The help desk as one pure function: (state, input) → (state, replies, command). Commands such as /start,
/// /cancel and /language work at any step; words of danger get the emergency numbers before anything else;
/// then the step the conversation waits at decides what the input means. No database, no network, no clock
/// but <see cref="ConversationContext.Now"/>: the engine around it does all of that.
/// </summary>
public static class Conversation
{
    public const int MaxTextLength = 2000;

    public static Turn Handle(ConversationState state, ConversationInput input, ConversationContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var language = state.LanguageOr(context.ClientLanguage);
        var text = input.Text?.Trim();

        // The person's answer to "continue the old report?" is the one input that may open it.
        if (input.Kind == InputKind.Button && input.Data is Buttons.Continue or Buttons.Discard)
        {
            context = context with { DraftIsOld = false };
        }

        if (input.Kind == InputKind.Text && text is { Length: > 0 } && text[0] == '/')
        {
            return OnCommand(state, text, context, language);
        }

        // Danger first: the numbers go out before the conversation carries on with what was said.
        if (text is { Length: > 0 } && EmergencyDetector.Detect(text) is { IsDanger: true } danger)
        {
            return OnEmergency(state, input, context, language, danger);
        }

        if (context.DraftIsOld && state.Report is not null && input.Data is not Buttons.Discard)
        {
            return ReportFlow.ConfirmResume(state, language);
        }

        if (input.Kind == InputKind.Button && input.Data is { } data)
        {
            return OnButton(state, data, context, language);
        }

        return state.Step switch
        {
            ConversationStep.Idle => Understand(state, input, context, language),
            ConversationStep.HelpProvince => HelpFlow.OnProvinceAnswer(state, input, context, language),
            _ => ReportFlow.OnAnswer(state, input, context, language),
        };
    }

    /// <summary>
    /// The emergency numbers for a message that says a child is in danger now, or null: what a channel answers when it
    /// cannot take the message into the conversation (a rate limit refused it), so that the numbers are never held back.
    /// No state is read or changed.
    /// </summary>
    public static ConversationReply? EmergencyAnswer(string? text, Language language) =>
        text?.Trim() is { Length: > 0 and <= MaxTextLength } trimmed && trimmed[0] != '/' && EmergencyDetector.Detect(trimmed) is { IsDanger: true } danger
            ? Replies.Emergency(danger, language)
            : null;

    /// <summary>Replies once the engine has carried out the command a turn asked for.</summary>
    public static Turn Complete(ConversationState state, CommandOutcome outcome, ConversationContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(context);
        var language = state.LanguageOr(context.ClientLanguage);
        return outcome switch
        {
            ReportFiled filed => ReportFlow.OnFiled(state, filed, context, language),
            ReportRefused refused => ReportFlow.OnRefused(state, refused, language),
            DetailsAdded added => ReportFlow.OnDetailsAdded(state, added, language),
            ReportHeld => ReportFlow.OnHeld(state, language),
            StatusFound found => StatusFlow.Show(state, found, context, language),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "Unknown outcome."),
        };
    }

    private static Turn OnCommand(ConversationState state, string text, ConversationContext context, Language language)
    {
        var (command, argument) = ReadCommand(text);

        // Any command but /language leaves the open question; an open report waits where it was, behind "continue".
        var asked = state;
        state = state with { Step = ConversationStep.Idle, ReturnToReview = false };
        var folded = argument is null ? null : TextMatching.Fold(argument);
        switch (command)
        {
            case "start":
                return folded switch
                {
                    "report" or "baocao" or "bao cao" => ReportFlow.Start(state, context, language),
                    "help" or "trogiup" or "tro giup" or "contacts" => HelpFlow.Show(state, context, language),
                    "guide" or "huongdan" or "huong dan" => GuidanceFlow.List(state, language),
                    _ => Welcome(state, language),
                };
            case "help" or "trogiup":
                // The web chat forgets a chat once its report is done: its reports are followed by code, and its officials
                // join by an invite link, not by /join.
                return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get(context.ForgetsAfterReport ? "HelpTextWeb" : "HelpText", language))]);
            case "menu":
                return new Turn(state, [Replies.Menu(state, language)]);
            case "cancel" or "huy":
                return Cancel(asked, language);
            case "language" or "ngonngu" or "lang":
                return LanguageFlow.Choose(asked, folded, context, language);
            case "status" or "theodoi":
                return StatusFlow.Ask(state, argument);
            case "report" or "baocao":
                return ReportFlow.Start(state, context, language);
            case "contacts" or "tongdai" or "sos":
                return HelpFlow.Show(state, context, language);
            case "guide" or "huongdan":
                return GuidanceFlow.List(state, language);
            default:
                return new Turn(state, [Replies.Text(ConversationTexts.Get("UnknownCommand", language)), Replies.Menu(state, language)]);
        }
    }

    private static Turn Welcome(ConversationState state, Language language)
    {
        return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get("Welcome", language))]);
    }

    private static Turn Cancel(ConversationState state, Language language)
    {
        if (state.Report is null && state.Step == ConversationStep.Idle)
        {
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get("NothingToCancel", language))]);
        }

        var cancelled = state.WithoutReport();
        var said = state.Report switch
        {
            null => ConversationTexts.Get("Cancelled", language),
            { FiledCode: { } code } => ConversationTexts.Format("DetailsDiscarded", language, code),
            _ => ConversationTexts.Get("ReportDiscarded", language),
        };
        return new Turn(cancelled, [Replies.Menu(cancelled, language, said)]);
    }

    private static Turn OnEmergency(ConversationState state, ConversationInput input, ConversationContext context, Language language, DangerResult danger)
    {
        var numbers = Replies.Emergency(danger, language);
        if (state.Report is { } report && state.Step != ConversationStep.Idle && state.Step != ConversationStep.HelpProvince)
        {
            // In a report the words are most likely the answer ("cháu đang bị đánh"): say the numbers once,
            // then take the answer as usual. When they tell of harm going on or threatened now ("đang", "dọa giết"),
            // the report is danger now whatever was answered before (high risk, the 12-hour clock; an official can
            // lower it after assessing); a kind of harm picked as an answer ("bị đánh") is not.
            var now = danger.Evidence.Any(e => e is "now" or "ongoing" or "threat" or "urgent");
            var marked = state with { Report = report with { EmergencyShown = true, DangerNow = now ? true : report.DangerNow } };
            // Where a place, a name, an age or a phone is asked, danger told is what happened, not the answer: it is kept
            // with what happened and the question asked again (an outside tester's address read "ông ấy đang cầm dao").
            // A photo sent there is kept as photos are, its caption with what happened.
            var answered = !ReportFlow.AsksAFact(state.Step) ? ReportFlow.OnAnswer(marked, input, context, language)
                : input.Kind == InputKind.Photo ? ReportFlow.OnAnswer(ReportFlow.WithTold(marked, input.Text), input, context, language)
                : ReportFlow.KeepTold(marked, input.Text ?? "", context, language);
            return report.EmergencyShown ? answered : answered with { Replies = [numbers, .. answered.Replies] };
        }

        // The numbers first, then straight to what an official needs to come: the report is filed in a few answers.
        var urgent = ReportFlow.StartUrgent(state, input.Text ?? "", context, language);
        return urgent with { Replies = [numbers, .. urgent.Replies] };
    }

    private static Turn OnButton(ConversationState state, string data, ConversationContext context, Language language)
    {
        if (data.StartsWith(Buttons.ReportPrefix, StringComparison.Ordinal))
        {
            return ReportFlow.OnButton(state, data, context, language);
        }

        if (data.StartsWith(Buttons.HelpProvincePrefix, StringComparison.Ordinal))
        {
            return HelpFlow.OnProvinceButton(state, data[Buttons.HelpProvincePrefix.Length..], context, language);
        }

        if (data.StartsWith(Buttons.GuidePrefix, StringComparison.Ordinal))
        {
            return ReportFlow.Named<GuidanceTopic>(data[Buttons.GuidePrefix.Length..]) is { } topic
                ? GuidanceFlow.Show(state, topic, context, language)
                : GuidanceFlow.List(state, language);
        }

        if (data.StartsWith(Buttons.LanguagePrefix, StringComparison.Ordinal))
        {
            return LanguageFlow.Choose(state, data[Buttons.LanguagePrefix.Length..], context, language);
        }

        return data switch
        {
            Buttons.Report => ReportFlow.Start(state, context, language),
            Buttons.Continue => ReportFlow.Continue(state, context, language),
            Buttons.Discard => Cancel(state, language),
            Buttons.Help => HelpFlow.Show(state, context, language),
            Buttons.ChangeProvince => HelpFlow.AskProvince(state, context, language),
            Buttons.Guide => GuidanceFlow.List(state, language),
            Buttons.Status => StatusFlow.Ask(state, null),
            _ => new Turn(state, [Replies.Menu(state, language)]),
        };
    }

    /// <summary>Free text when nothing was asked: what does the person want?</summary>
    private static Turn Understand(ConversationState state, ConversationInput input, ConversationContext context, Language language)
    {
        if (input.Kind == InputKind.Location)
        {
            return new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get("NotUnderstood", language))]);
        }

        var text = input.Text ?? "";
        if (CaseCode.TryFind(text, out _))
        {
            return StatusFlow.Ask(state, text);
        }

        var folded = TextMatching.Fold(text);
        return Intents.Find(folded) switch
        {
            Intent.Report => ReportFlow.Start(state, context, language),
            Intent.Contacts => HelpFlow.Show(state, context, language, text),
            Intent.AbuseMention => new Turn(state, [Replies.Text(ConversationTexts.Get("AbuseMention", language), Replies.Buttons(
                [(ConversationTexts.Get("MenuReport", language), Buttons.Report)],
                [(ConversationTexts.Get("MenuHelp", language), Buttons.Help)]))]),
            Intent.Guidance when GuidanceTopics.Find(folded) is { } topic => GuidanceFlow.Show(state, topic, context, language),
            Intent.Guidance => GuidanceFlow.List(state, language),
            Intent.Status => StatusFlow.Ask(state, null),
            Intent.Language => LanguageFlow.Choose(state, null, context, language),
            Intent.Greeting => Welcome(state, language),
            Intent.Thanks => new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get("Thanks", language))]),
            _ when GuidanceTopics.Find(folded) is { } topic => GuidanceFlow.Show(state, topic, context, language),
            _ when context.Directory.NamedProvince(text) is { } province => HelpFlow.ShowProvince(state, province, context, language),
            _ => new Turn(state, [Replies.Menu(state, language, ConversationTexts.Get("NotUnderstood", language))]),
        };
    }

    /// <summary>"/status@ChildCareBot TE-2026-1" → ("status", "TE-2026-1"); the command lower-cased.</summary>
    public static (string Command, string? Argument) ReadCommand(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (!text.StartsWith('/'))
        {
            return ("", null);
        }

        var space = text.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? text[1..] : text[1..space];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        var command = (at < 0 ? head : head[..at]).ToLowerInvariant();
        var argument = space < 0 ? null : text[(space + 1)..].Trim();
        return (command, string.IsNullOrEmpty(argument) ? null : argument);
    }
}
