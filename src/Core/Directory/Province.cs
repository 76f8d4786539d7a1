namespace ChildCare.Core.Directory;

/// <summary>
/// One of the 34 provinces and centrally-run cities in force since 1 July 2025 (Resolution 202/2025/QH15).
/// </summary>
/// <remarks>
/// <c>Code</c> is our own stable key (a slug such as "thanh-hoa") that hotlines and saved user choices refer
/// to, not the official administrative code. <c>FormerProvinces</c> are the pre-2025 provinces merged into
/// this one, so their names still match; <c>Aliases</c> are other names people type (former names,
/// abbreviations, well-known places). <c>Region</c> groups the province buttons.
/// </remarks>
public sealed record Province(
    string Code,
    string NameVi,
    string NameEn,
    bool IsCity,
    IReadOnlyList<string> FormerProvinces,
    IReadOnlyList<string> Aliases,
    ProvinceRegion Region);
