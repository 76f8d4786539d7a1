using System.Globalization;
using System.Text.RegularExpressions;

namespace ChildCare.Core.Deadlines;

/// <summary>
/// The title of one occurrence of a rule. A plan is written for one year ("báo cáo 6 tháng đầu năm 2025", "Tết
/// Trung thu cho trẻ em năm 2025"), but its recurring rules go on: the year in the title follows the occurrence, as
/// the year the work is about. A deadline due in January (the yearly report due 15/01, the fourth quarter's report)
/// is about the year before; everything else is about its own year.
/// </summary>
/// <remarks>
/// Only a year standing alone is replaced, and only when the title names exactly one: "giai đoạn 2021-2025", "năm
/// học 2025 - 2026", "Nghị định 56/2017/NĐ-CP" and "quý IV/2024" are left as written. A one-off rule keeps its title.
/// </remarks>
public static partial class OccurrenceTitles
{
    /// <summary>The title of the occurrence of a rule due on <paramref name="due"/>.</summary>
    public static string For(string title, RuleKind kind, string recurrence, DateOnly due)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (recurrence is null || recurrence.StartsWith("once", StringComparison.OrdinalIgnoreCase) || recurrence.StartsWith("within-quarter", StringComparison.OrdinalIgnoreCase))
        {
            return title;
        }

        var years = LoneYear().Matches(title);
        if (years.Count == 0 || years.Select(m => m.Value).Distinct(StringComparer.Ordinal).Count() != 1)
        {
            return title;
        }

        var about = AboutYear(kind, due).ToString(CultureInfo.InvariantCulture);
        return LoneYear().Replace(title, about);
    }

    /// <summary>The year an occurrence's work is about: a deadline due in January reports on the year before.</summary>
    public static int AboutYear(RuleKind kind, DateOnly due) => kind == RuleKind.Deadline && due.Month == 1 ? due.Year - 1 : due.Year;

    // A year from 1900 to 2099 not joined to a number, a date or a range by '/', '.', '-' or '–' (spaces allowed
    // around a dash: "2025 - 2026").
    [GeneratedRegex(@"(?<![\d/.\-–]\s*)(?<!\d)(?:19|20)\d\d(?!\d)(?!\s*[/.\-–]\s*\d)")]
    private static partial Regex LoneYear();
}
