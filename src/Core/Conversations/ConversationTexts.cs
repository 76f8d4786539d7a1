using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>What the help desk says: Resources/ConversationTexts*.resx and Resources/GuidanceTexts*.resx.</summary>
public static class ConversationTexts
{
    private static readonly TextResource Texts = new("ChildCare.Core.Resources.ConversationTexts", typeof(ConversationTexts).Assembly);
    private static readonly TextResource Guidance = new("ChildCare.Core.Resources.GuidanceTexts", typeof(ConversationTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);

    public static string Guide(string name, Language language) => Guidance.Get(name, language);
}
