using System.Text;
using System.Text.RegularExpressions;
using ChildCare.Core.Conversations;

namespace ChildCare.Core.Directory;

/// <summary>
/// What an administrator may save in the directory: required names, limits in characters, numbers a
/// Vietnamese line answers on (written as digits), known provinces, no date after today, and guides in
/// <see cref="GuidanceMarkup"/> that give 111. Values come back trimmed, in Unicode NFC, one line where one
/// line is meant; a refusal is a <see cref="DirectoryEditException"/>.
/// </summary>
public static partial class DirectoryRules
{
    public const int MaxNumber = 20;
    public const int MaxName = 200;
    public const int MaxHours = 100;
    public const int MaxPurpose = 500;
    public const int MaxCommune = 100;
    public const int MaxAddress = 300;
    public const int MaxGuidance = 3000;

    /// <summary>The old child line, replaced by 111: never listed (DOMAIN.md).</summary>
    public const string RetiredChildLine = "18001567";

    /// <summary>
    /// The lines the bot names in fixed texts (the emergency answer, every guide): their numbers cannot change
    /// and they cannot be switched off.
    /// </summary>
    public static readonly IReadOnlyList<string> FixedNumbers = [HelpDirectory.NationalChildLine, HelpDirectory.Police, HelpDirectory.Ambulance];

    public static Hotline Checked(Hotline typed, HelpDirectory directory, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return new Hotline(
            Number(typed.Number, nameof(Hotline.Number))!,
            Line(typed.NameVi, nameof(Hotline.NameVi), MaxName)!,
            Line(typed.NameEn, nameof(Hotline.NameEn), MaxName)!,
            string.IsNullOrWhiteSpace(typed.ProvinceCode) ? null : Province(typed.ProvinceCode, directory),
            Line(typed.Hours, nameof(Hotline.Hours), MaxHours, required: false),
            Defined(typed.Cost, nameof(Hotline.Cost)),
            Date(typed.LastChecked, nameof(Hotline.LastChecked), today),
            Line(typed.PurposeVi, nameof(Hotline.PurposeVi), MaxPurpose, required: false) ?? "",
            Line(typed.PurposeEn, nameof(Hotline.PurposeEn), MaxPurpose, required: false) ?? "",
            Line(typed.Source, nameof(Hotline.Source), MaxPurpose, required: false) ?? "");
    }

    public static TrustedPlace Checked(TrustedPlace typed, HelpDirectory directory, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return new TrustedPlace(
            Province(Line(typed.ProvinceCode, nameof(TrustedPlace.ProvinceCode), 40)!, directory),
            Line(typed.Commune, nameof(TrustedPlace.Commune), MaxCommune)!,
            Line(typed.NameVi, nameof(TrustedPlace.NameVi), MaxName)!,
            Line(typed.NameEn, nameof(TrustedPlace.NameEn), MaxName)!,
            Line(typed.Address, nameof(TrustedPlace.Address), MaxAddress)!,
            Number(typed.Phone, nameof(TrustedPlace.Phone), required: false),
            Line(typed.Hours, nameof(TrustedPlace.Hours), MaxHours, required: false),
            Date(typed.LastChecked, nameof(TrustedPlace.LastChecked), today),
            Defined(typed.Kind, nameof(TrustedPlace.Kind)),
            Line(typed.Note, nameof(TrustedPlace.Note), MaxPurpose, required: false));
    }

    /// <summary>A guide's text as it will be stored: checked markup, lines kept, 111 given, 18001567 not.</summary>
    public static string CheckedGuidance(string? typed)
    {
        var text = Clean(typed, multiline: true);
        Limit(text, "Text", MaxGuidance, required: true);
        if (GuidanceMarkup.Check(text) is { } problem)
        {
            throw new DirectoryEditException(problem, "Text");
        }

        if (text.Contains(RetiredChildLine, StringComparison.Ordinal))
        {
            throw new DirectoryEditException(DirectoryProblem.NumberRetired, "Text");
        }

        return ChildLine().IsMatch(text) ? text : throw new DirectoryEditException(DirectoryProblem.Needs111, "Text");
    }

    private static string? Number(string? typed, string field, bool required = true)
    {
        var text = Clean(typed, multiline: false);
        if (Limit(text, field, MaxNumber, required) is null)
        {
            return null;
        }

        var number = PhoneNumbers.NormaliseLine(text) ?? throw new DirectoryEditException(DirectoryProblem.NumberInvalid, field);
        return number == RetiredChildLine ? throw new DirectoryEditException(DirectoryProblem.NumberRetired, field) : number;
    }

    private static string? Line(string? typed, string field, int max, bool required = true) =>
        Limit(Clean(typed, multiline: false), field, max, required);

    private static string? Limit(string text, string field, int max, bool required)
    {
        if (text.Length == 0)
        {
            return required ? throw new DirectoryEditException(DirectoryProblem.Required, field) : null;
        }

        return text.Length <= max ? text : throw new DirectoryEditException(DirectoryProblem.TooLong, field, max);
    }

    // Trimmed NFC; control characters dropped, line breaks kept as \n only where lines are meant.
    private static string Clean(string? typed, bool multiline)
    {
        var text = (typed ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\n' && multiline)
            {
                clean.Append(c);
            }
            else if (c is '\n' or '\r' or '\t')
            {
                clean.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString().Trim();
    }

    private static string Province(string code, HelpDirectory directory) =>
        directory.ProvinceByCode(code.Trim()) is { } province ? province.Code : throw new DirectoryEditException(DirectoryProblem.ProvinceUnknown, "ProvinceCode");

    private static DateOnly Date(DateOnly date, string field, DateOnly today)
    {
        if (date == default)
        {
            throw new DirectoryEditException(DirectoryProblem.Required, field);
        }

        return date <= today ? date : throw new DirectoryEditException(DirectoryProblem.DateInFuture, field);
    }

    private static TEnum Defined<TEnum>(TEnum value, string field)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new DirectoryEditException(DirectoryProblem.Required, field);

    [GeneratedRegex(@"(?<!\d)111(?!\d)")]
    private static partial Regex ChildLine();
}
