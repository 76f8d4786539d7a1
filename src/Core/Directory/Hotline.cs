namespace ChildCare.Core.Directory;

/// <summary>A number the bot gives people, with what it is for, when it answers and what it costs.</summary>
/// <remarks>
/// <c>ProvinceCode</c> is the <see cref="Province.Code"/> the line serves, null for a national line;
/// <c>Hours</c> is null when not known; <c>LastChecked</c> is when someone last confirmed the entry (provincial
/// lines change); <c>Source</c> says where it comes from, for the administrator who checks it next.
/// </remarks>
public sealed record Hotline(
    string Number,
    string NameVi,
    string NameEn,
    string? ProvinceCode,
    string? Hours,
    CallCost Cost,
    DateOnly LastChecked,
    string PurposeVi,
    string PurposeEn,
    string Source);
