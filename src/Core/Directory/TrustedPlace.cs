namespace ChildCare.Core.Directory;

/// <summary>
/// A trusted address or temporary shelter in a commune (cơ sở địa chỉ tin cậy - nhà tạm lánh), as the plans
/// name them. <c>Commune</c> is the commune or ward name as people write it; it is matched without accents.
/// </summary>
public sealed record TrustedPlace(
    string ProvinceCode,
    string Commune,
    string NameVi,
    string NameEn,
    string Address,
    string? Phone,
    string? Hours,
    DateOnly LastChecked,
    PlaceKind Kind = PlaceKind.TrustedAddress,
    string? Note = null);
