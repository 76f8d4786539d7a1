using ChildCare.Core.Localization;

namespace ChildCare.Core.Plans;

/// <summary>What plan import says and names: Resources/PlanTexts*.resx (Vietnamese first, English second).</summary>
public static class PlanTexts
{
    private static readonly TextResource Texts = new("ChildCare.Core.Resources.PlanTexts", typeof(PlanTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);
}
