using System.Resources;
using ChildCare.Core.Localization;

namespace ChildCare.Bot.Resources;

/// <summary>Texts people see in chat, from BotTexts.resx (Vietnamese) and BotTexts.en.resx (English).</summary>
internal static class BotTexts
{
    private static readonly ResourceManager Manager = new("ChildCare.Bot.Resources.BotTexts", typeof(BotTexts).Assembly);

    public static string Get(string name, Language language) =>
        Manager.GetString(name, language.Culture()) ?? throw new InvalidOperationException($"No text named {name}.");

    public static string Format(string name, Language language, params object?[] args) =>
        string.Format(language.Culture(), Get(name, language), args);
}
