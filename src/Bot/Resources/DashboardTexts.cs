using System.Resources;
using ChildCare.Core.Localization;

namespace ChildCare.Bot.Resources;

/// <summary>Texts of the officials' web pages, from DashboardTexts.resx (Vietnamese) and DashboardTexts.en.resx (English).</summary>
internal static class DashboardTexts
{
    private static readonly ResourceManager Manager = new("ChildCare.Bot.Resources.DashboardTexts", typeof(DashboardTexts).Assembly);

    public static string Get(string name, Language language) =>
        Manager.GetString(name, language.Culture()) ?? throw new InvalidOperationException($"No text named {name}.");

    public static string Format(string name, Language language, params object?[] args) =>
        string.Format(language.Culture(), Get(name, language), args);
}
