namespace ChildCare.Core.Calendar;

/// <summary>One day off: when, for which holiday, in Vietnamese and English, and why it is off.</summary>
public sealed record Holiday(DateOnly Date, HolidayOccasion Occasion, HolidayKind Kind, string NameVi, string NameEn);
