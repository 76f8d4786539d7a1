using ChildCare.Core.Localization;

namespace ChildCare.Core.Deadlines;

/// <summary>The theme of a yearly event in one year (Action Month has a national theme each year).</summary>
public sealed class EventTheme
{
    public long RuleId { get; set; }

    public int Year { get; set; }

    public required string ThemeVi { get; set; }

    public string? ThemeEn { get; set; }

    public string Text(Language language) => language == Language.En && ThemeEn is { } en ? en : ThemeVi;
}
