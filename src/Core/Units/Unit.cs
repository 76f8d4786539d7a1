namespace ChildCare.Core.Units;

/// <summary>
/// An administrative unit: since 1/7/2025 a province and its communes, wards and special zones (older plans'
/// cities and districts can still be kept), a tree of any depth. <see cref="Code"/> is the path from the root
/// (<c>quang-ninh/cam-dong</c>), so a subtree is one prefix query.
/// </summary>
public sealed class Unit
{
    public const int MaxCodeLength = 200;

    public long Id { get; set; }

    public required string Code { get; set; }

    public long? ParentId { get; set; }

    public required string NameVi { get; set; }

    public required string NameEn { get; set; }

    public UnitKind Kind { get; set; }

    /// <summary>The unit's own limit for emergency intervention in clock hours (some wards use 8); null: the law's 12.</summary>
    public int? EmergencyHours { get; set; }

    /// <summary>
    /// When its first official joined: from then on its deadlines are somebody's (<see cref="Deadlines.DeadlineTracking"/>).
    /// Kept when everyone leaves, so a unit's missed deadlines do not disappear from compliance with its last member.
    /// </summary>
    public DateTimeOffset? TrackedSince { get; set; }

    /// <summary>Whether <paramref name="code"/> is this unit or below it.</summary>
    public static bool IsWithin(string code, string ancestor) =>
        code == ancestor || code.StartsWith(ancestor + "/", StringComparison.Ordinal);

    /// <summary>The parent's code, from the path; null for a root.</summary>
    public static string? ParentCode(string code)
    {
        var slash = code.LastIndexOf('/');
        return slash < 0 ? null : code[..slash];
    }

    public string Name(Localization.Language language) => language == Localization.Language.En ? NameEn : NameVi;
}
