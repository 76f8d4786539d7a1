using System.Resources;
using ChildCare.Core.Localization;

namespace ChildCare.Core.Conversations;

/// <summary>What the help desk says: Resources/ConversationTexts*.resx and Resources/GuidanceTexts*.resx.</summary>
internal static class ConversationTexts
{
    private static readonly ResourceManager Texts = new("ChildCare.Core.Resources.ConversationTexts", typeof(ConversationTexts).Assembly);
    private static readonly ResourceManager Guidance = new("ChildCare.Core.Resources.GuidanceTexts", typeof(ConversationTexts).Assembly);

    public static string Get(string name, Language language) =>
        Texts.GetString(name, language.Culture()) ?? throw new InvalidOperationException($"No conversation text named {name}.");

    public static string Format(string name, Language language, params object?[] args) =>
        string.Format(language.Culture(), Get(name, language), args);

    public static string Guide(string name, Language language) =>
        Guidance.GetString(name, language.Culture()) ?? throw new InvalidOperationException($"No guidance text named {name}.");
}
