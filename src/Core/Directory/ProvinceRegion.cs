namespace ChildCare.Core.Directory;

/// <summary>
/// The usual three regions (miền Bắc, miền Trung with the Central Highlands, miền Nam): how the province buttons
/// are grouped, so all 34 fit a phone screen in two taps.
/// </summary>
public enum ProvinceRegion
{
    North,
    Central,
    South,
}
