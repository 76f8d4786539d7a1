using System.Globalization;

namespace ChildCare.Core.Localization;

public static class Languages
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// From a client's language code (Telegram's language_code, a browser's first language): Vietnamese when
    /// it says Vietnamese or says nothing, English for anything else.
    /// </summary>
    public static Language FromCode(string? code) =>
        string.IsNullOrWhiteSpace(code) || code.StartsWith("vi", StringComparison.OrdinalIgnoreCase) ? Language.Vi : Language.En;

    public static CultureInfo Culture(this Language language) => language == Language.En ? English : Vietnamese;

    public static string Code(this Language language) => language == Language.En ? "en" : "vi";
}
