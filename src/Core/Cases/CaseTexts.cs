using ChildCare.Core.Localization;

namespace ChildCare.Core.Cases;

/// <summary>What officials and reporters are told about cases: Resources/CaseTexts*.resx.</summary>
public static class CaseTexts
{
    private static readonly TextResource Texts = new("ChildCare.Core.Resources.CaseTexts", typeof(CaseTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);

    /// <summary>A case category's label, as the reporter picked it and officials read it.</summary>
    public static string Category(CaseCategory category, Language language) => Texts.Get("Category" + category, language);
}
