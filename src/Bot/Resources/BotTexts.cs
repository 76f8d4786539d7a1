using ChildCare.Core.Localization;

namespace ChildCare.Bot.Resources;

/// <summary>Texts people see in chat, from BotTexts.resx (Vietnamese) and BotTexts.en.resx (English).</summary>
internal static class BotTexts
{
    private static readonly TextResource Texts = new("ChildCare.Bot.Resources.BotTexts", typeof(BotTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);
}
