using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>/language: pick Vietnamese or English; the choice outranks the client's language from then on.</summary>
internal static class LanguageFlow
{
    public static Turn Choose(ConversationState state, string? wanted, ConversationContext context, Language current)
    {
        Language? chosen = wanted is null ? null : TextMatching.Fold(wanted) switch
        {
            "vi" or "vn" or "tieng viet" or "vietnamese" or "viet" => Language.Vi,
            "en" or "english" or "tieng anh" or "anh" => Language.En,
            _ => null,
        };

        if (chosen is not { } language)
        {
            var ask = Replies.Text(ConversationTexts.Get("LanguageAsk", current), Replies.Buttons(
                [("🇻🇳 Tiếng Việt", Buttons.LanguagePrefix + "vi"), ("🇬🇧 English", Buttons.LanguagePrefix + "en")]));
            return new Turn(state, [ask]);
        }

        var next = state with { Language = language };

        // Whatever was being asked is asked again in the new language, so an open report carries on.
        var replies = new List<ConversationReply> { Replies.Text(ConversationTexts.Get("LanguageChosen", language)) };
        replies.Add(state.Report is not null && state.Step is not ConversationStep.Idle and not ConversationStep.HelpProvince
            ? ReportFlow.Prompt(next, context, language)
            : Replies.Menu(next, language));
        return new Turn(next, replies);
    }
}
