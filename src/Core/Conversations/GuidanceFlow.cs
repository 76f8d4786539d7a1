using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>Short practical guidance, one topic per message; each ends with 111.</summary>
internal static class GuidanceFlow
{
    public static Turn List(ConversationState state, Language language)
    {
        var topics = Enum.GetValues<GuidanceTopic>()
            .Select(t => new[] { (ConversationTexts.Guide($"Guide.{t}.Title", language), Buttons.GuidePrefix + t) })
            .Append([(ConversationTexts.Get("MenuBack", language), Buttons.Menu)]);
        var text = ConversationTexts.Guide("Guide.Menu", language) + "\n\n" + ConversationTexts.Guide("Guide.Footer", language);
        return new Turn(state with { Step = ConversationStep.Idle }, [Replies.Text(text, Replies.Buttons([.. topics]))]);
    }

    public static Turn Show(ConversationState state, GuidanceTopic topic, Language language)
    {
        var keyboard = Replies.Buttons(
            [(ConversationTexts.Get("MenuReport", language), Buttons.Report), (ConversationTexts.Get("MenuHelp", language), Buttons.Help)],
            [(ConversationTexts.Get("MoreGuidance", language), Buttons.Guide), (ConversationTexts.Get("MenuBack", language), Buttons.Menu)]);
        return new Turn(state with { Step = ConversationStep.Idle }, [Replies.Text(ConversationTexts.Guide($"Guide.{topic}.Body", language), keyboard)]);
    }
}
