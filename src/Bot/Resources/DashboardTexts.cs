using ChildCare.Core.Localization;

namespace ChildCare.Bot.Resources;

/// <summary>Texts of the officials' web pages, from DashboardTexts.resx (Vietnamese) and DashboardTexts.en.resx (English).</summary>
internal static class DashboardTexts
{
    private static readonly TextResource Texts = new("ChildCare.Bot.Resources.DashboardTexts", typeof(DashboardTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string? TryGet(string name, Language language) => Texts.TryGet(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);
}
