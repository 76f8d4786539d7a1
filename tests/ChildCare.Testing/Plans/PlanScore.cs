using System.Globalization;
using System.Text;
using ChildCare.Core.Plans;

namespace ChildCare.Testing.Plans;

/// <summary>
/// Precision and recall of an extraction against a fixture. An extracted item matches an expected one with the
/// same kind and recurrence (which holds the dates) whose title shares enough words (accents aside); each item
/// matches at most once, best title first. Roles are not part of a match; <see cref="RoleAgreement"/> counts them.
/// </summary>
public sealed record PlanScore(string Plan, int Expected, int Extracted, int Matched, int RolesAgreeing, IReadOnlyList<string> Missed, IReadOnlyList<string> Extra)
{
    public const double TitleThreshold = 0.2;

    public double Precision => Extracted == 0 ? 1 : (double)Matched / Extracted;

    public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;

    public double RoleAgreement => Matched == 0 ? 1 : (double)RolesAgreeing / Matched;

    public static PlanScore Of(PlanFixture fixture, PlanExtraction extraction)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        ArgumentNullException.ThrowIfNull(extraction);
        var pairs = new List<(int Expected, int Extracted, double Similarity)>();
        for (var e = 0; e < fixture.Items.Count; e++)
        {
            for (var x = 0; x < extraction.Items.Count; x++)
            {
                var (want, got) = (fixture.Items[e], extraction.Items[x]);
                if (want.Kind == got.Kind && want.Recurrence == got.Recurrence)
                {
                    // A role that agrees breaks ties between otherwise equal candidates.
                    var similarity = Similarity(want.Title, got.Title) + (want.Role == got.Role ? 0.01 : 0);
                    if (similarity >= TitleThreshold)
                    {
                        pairs.Add((e, x, similarity));
                    }
                }
            }
        }

        var (usedExpected, usedExtracted, roles) = (new HashSet<int>(), new HashSet<int>(), 0);
        foreach (var (e, x, _) in pairs.OrderByDescending(p => p.Similarity))
        {
            if (usedExpected.Contains(e) || usedExtracted.Contains(x))
            {
                continue;
            }

            usedExpected.Add(e);
            usedExtracted.Add(x);
            roles += fixture.Items[e].Role == extraction.Items[x].Role ? 1 : 0;
        }

        return new PlanScore(
            fixture.Name,
            fixture.Items.Count,
            extraction.Items.Count,
            usedExpected.Count,
            roles,
            [.. fixture.Items.Where((_, i) => !usedExpected.Contains(i)).Select(i => $"{i.Kind} {i.Recurrence} {i.Role}: {i.Title}")],
            [.. extraction.Items.Where((_, i) => !usedExtracted.Contains(i)).Select(i => $"{i.Kind} {i.Recurrence} {i.Role}: {i.Title}")]);
    }

    /// <summary>The share of the shorter title's words the other has; a named event's canonical name counts as its words.</summary>
    public static double Similarity(string a, string b)
    {
        static HashSet<string> Words(string text) =>
            [.. Core.Directory.TextMatching.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 1 && !StopWords.Contains(w))];
        var (x, y) = (Words(a), Words(b));
        return x.Count == 0 || y.Count == 0 ? 0 : (double)x.Intersect(y).Count() / Math.Min(x.Count, y.Count);
    }

    // Words every title of a plan shares: they say nothing about which item it is.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal) { "tre", "em", "cho", "va", "cua", "cac", "ve", "trong", "nam", "ngay", "gui" };

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Plan,-18} expected {Expected,3}  extracted {Extracted,3}  matched {Matched,3}  precision {Precision,5:0.00}  recall {Recall,5:0.00}  roles {RoleAgreement,5:0.00}");

    public string Details()
    {
        var text = new StringBuilder(Line()).Append('\n');
        foreach (var missed in Missed)
        {
            text.Append("    missed: ").Append(missed).Append('\n');
        }

        foreach (var extra in Extra)
        {
            text.Append("    extra:  ").Append(extra).Append('\n');
        }

        return text.ToString();
    }
}
