namespace ChildCare.Core.Units;

/// <summary>Levels of Vietnamese local government. Districts were abolished in 2025 but older plans name them.</summary>
public enum UnitKind
{
    Province,
    City,
    District,
    Town,
    Commune,
    Ward,
    Agency,
}
