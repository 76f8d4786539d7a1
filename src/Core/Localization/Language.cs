namespace ChildCare.Core.Localization;

/// <summary>The languages people see: Vietnamese first, English second.</summary>
public enum Language
{
    Vi,
    En,
}
