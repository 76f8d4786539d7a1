using ChildCare.Core.Localization;

namespace ChildCare.Bot.Resources;

/// <summary>Texts of the directory pages, from DirectoryTexts.resx (Vietnamese) and DirectoryTexts.en.resx (English).</summary>
internal static class DirectoryTexts
{
    private static readonly TextResource Texts = new("ChildCare.Bot.Resources.DirectoryTexts", typeof(DirectoryTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string? TryGet(string name, Language language) => Texts.TryGet(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);
}
