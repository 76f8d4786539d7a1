using ChildCare.Core.Officials;

namespace ChildCare.Core.Deadlines;

/// <summary>A rule as an administrator writes it (API, import). <see cref="Unit"/> is a unit code.</summary>
public sealed record RuleInput(
    string Code,
    string Unit,
    OfficialRole Role,
    RuleKind Kind,
    string TitleVi,
    string? TitleEn,
    string Recurrence,
    IReadOnlyList<int>? LeadDays = null,
    DateOnly? From = null,
    DateOnly? Until = null,
    string? PlanCode = null,
    string? PlanTitle = null,
    string? Source = null)
{
    /// <summary>Reasons the rule cannot be saved, each naming the field; empty when sound.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var at = string.IsNullOrWhiteSpace(Code) ? "rule" : $"rule '{Code}'";
        if (string.IsNullOrWhiteSpace(Code) || Code.Length > 200)
        {
            problems.Add($"{at}: code is required (at most 200 characters).");
        }

        if (string.IsNullOrWhiteSpace(TitleVi) || TitleVi.Length > 500)
        {
            problems.Add($"{at}: titleVi is required (at most 500 characters).");
        }

        if (TitleEn is { Length: > 500 })
        {
            problems.Add($"{at}: titleEn is longer than 500 characters.");
        }

        if (!Deadlines.Recurrence.TryParse(Recurrence, out _, out var problem))
        {
            problems.Add($"{at}: recurrence {problem}");
        }

        if (LeadDays is { } leads && leads.Any(d => d is < 0 or > 366))
        {
            problems.Add($"{at}: leadDays must be whole numbers from 0 to 366.");
        }

        if (From is { } from && Until is { } until && until < from)
        {
            problems.Add($"{at}: until ({until:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).");
        }

        if (!Enum.IsDefined(Role))
        {
            problems.Add($"{at}: role is not one of {string.Join(", ", Enum.GetNames<OfficialRole>())}.");
        }

        if (!Enum.IsDefined(Kind))
        {
            problems.Add($"{at}: kind is not one of {string.Join(", ", Enum.GetNames<RuleKind>())}.");
        }

        return problems;
    }
}
