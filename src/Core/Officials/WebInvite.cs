namespace ChildCare.Core.Officials;

/// <summary>An invite as the join page shows it: the unit's names and the role.</summary>
public sealed record WebInvite(long Id, long UnitId, string UnitNameVi, string UnitNameEn, OfficialRole Role)
{
    public string UnitName(Localization.Language language) => language == Localization.Language.En ? UnitNameEn : UnitNameVi;
}
