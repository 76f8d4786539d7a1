using ChildCare.Core.Localization;

namespace ChildCare.Bot.Resources;

/// <summary>Texts of the account pages (join, passkeys, sign-in links), from AccountTexts.resx (Vietnamese) and AccountTexts.en.resx (English).</summary>
internal static class AccountTexts
{
    private static readonly TextResource Texts = new("ChildCare.Bot.Resources.AccountTexts", typeof(AccountTexts).Assembly);

    public static string Get(string name, Language language) => Texts.Get(name, language);

    public static string Format(string name, Language language, params object?[] args) => Texts.Format(name, language, args);
}
