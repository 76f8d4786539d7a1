using System.Text.RegularExpressions;

namespace ChildCare.Core.Plans;

/// <summary>
/// The yearly days and periods plans name without giving their date, because everyone knows it: Action Month
/// (1/6-30/6, Law on Children art. 11), Children's Day 1/6, Mid-Autumn (lunar 15/8), Tết (lunar 1/1), Family Day
/// 28/6, school opening 5/9, the Day of the Girl Child 11/10 and the summer (June to August, drowning season).
/// Their titles are in the PlanTexts resources as <c>Event_{id}</c>.
/// </summary>
internal static partial class PlanEvents
{
    public sealed record NamedEvent(string Id, PlanItemKind Kind, string Recurrence);

    public const string ActionMonth = "action-month";
    public const string Summer = "summer";

    private static readonly Dictionary<string, NamedEvent> ByGroup = new(StringComparer.Ordinal)
    {
        ["actionmonth"] = new(ActionMonth, PlanItemKind.Period, "range 01/06-30/06"),
        ["childrenday"] = new("children-day", PlanItemKind.Event, "yearly 01/06"),
        ["midautumn"] = new("mid-autumn", PlanItemKind.Event, "lunar-yearly 15/08"),
        ["tet"] = new("tet", PlanItemKind.Event, "lunar-yearly 01/01"),
        ["familyday"] = new("family-day", PlanItemKind.Event, "yearly 28/06"),
        ["schoolday"] = new("school-day", PlanItemKind.Event, "yearly 05/09"),
        ["girlday"] = new("girl-child-day", PlanItemKind.Event, "yearly 11/10"),
        ["summer"] = new(Summer, PlanItemKind.Period, "range 01/06-31/08"),
    };

    /// <summary>Every named event's id (its title is <c>Event_{id}</c>).</summary>
    public static IEnumerable<string> Ids => ByGroup.Values.Select(e => e.Id);

    /// <summary>The named events in a folded text, with where each was named.</summary>
    public static IEnumerable<(NamedEvent Event, int Start, int Length)> In(string folded)
    {
        foreach (Match match in Pattern().Matches(folded))
        {
            foreach (var (group, named) in ByGroup)
            {
                if (match.Groups[group].Success)
                {
                    yield return (named, match.Index, match.Length);
                    break;
                }
            }
        }
    }

    /// <summary>The day a one-day event falls on, for telling whether a date next to its name is that day.</summary>
    public static (int Day, int Month)? SolarDay(NamedEvent named) =>
        named.Recurrence.StartsWith("yearly ", StringComparison.Ordinal)
            ? (PlanText.Number(named.Recurrence[7..9]), PlanText.Number(named.Recurrence[10..12]))
            : null;

    [GeneratedRegex(
        @"(?<actionmonth>\bthang hanh dong vi tre em\b)"
        + @"|(?<childrenday>\b(?:ngay\s+)?quoc te thieu nhi\b|\btet thieu nhi\b|\bngay thieu nhi\b)"
        + @"|(?<midautumn>\b(?:tet\s+)?trung thu\b)"
        + @"|(?<tet>\btet\s+nguyen\s+dan\b|\btet\b(?!\s+(?:trung thu|thieu nhi|duong lich|doan ngo|han thuc|thanh minh|nguyen tieu)))"
        + @"|(?<familyday>\bngay gia dinh viet nam\b)"
        + @"|(?<schoolday>\bngay toan dan dua tre(?: em)? den truong\b|\bkhai giang\b|\bnam hoc moi\b)"
        + @"|(?<girlday>\bngay quoc te (?:tre em gai|be gai)\b)"
        + @"|(?<summer>\bmua he\b|\bdip he\b|\bhe an toan\b|\bsinh hoat he\b|\bhoat dong he\b|\btrai he\b|\bnghi he\b)")]
    private static partial Regex Pattern();
}
