using ChildCare.Core.Directory;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>
/// Short practical guidance, one topic per message; each ends with 111. A guide's text is an administrator's
/// when the directory holds one (edited in the dashboard), else the shipped one.
/// </summary>
public static class GuidanceFlow
{
    public static Turn List(ConversationState state, Language language)
    {
        var topics = Enum.GetValues<GuidanceTopic>()
            .Select(t => new[] { (Title(t, language), Buttons.GuidePrefix + t) })
            .Append([(ConversationTexts.Get("MenuBack", language), Buttons.Menu)]);
        var text = ConversationTexts.Guide("Guide.Menu", language) + "\n\n" + ConversationTexts.Guide("Guide.Footer", language);
        return new Turn(state with { Step = ConversationStep.Idle }, [Replies.Text(text, Replies.Buttons([.. topics]))]);
    }

    public static Turn Show(ConversationState state, GuidanceTopic topic, ConversationContext context, Language language)
    {
        var keyboard = Replies.Buttons(
            [(ConversationTexts.Get("MenuReport", language), Buttons.Report), (ConversationTexts.Get("MenuHelp", language), Buttons.Help)],
            [(ConversationTexts.Get("MoreGuidance", language), Buttons.Guide), (ConversationTexts.Get("MenuBack", language), Buttons.Menu)]);
        // A guide is no emergency answer: 111 leads, whatever numbers the guide itself names ("gọi 115" when drowning).
        var guide = context.Directory.GuidanceText(topic, language) ?? ShippedText(topic, language);
        return new Turn(state with { Step = ConversationStep.Idle }, [Replies.Text(ConversationTexts.Get("GuideLead", language) + "\n\n" + guide, keyboard)]);
    }

    /// <summary>The guide as shipped (Resources/GuidanceTexts*.resx), Telegram HTML.</summary>
    public static string ShippedText(GuidanceTopic topic, Language language) => ConversationTexts.Guide($"Guide.{topic}.Body", language);

    /// <summary>The topic's name, as its button says it.</summary>
    public static string Title(GuidanceTopic topic, Language language) => ConversationTexts.Guide($"Guide.{topic}.Title", language);
}
