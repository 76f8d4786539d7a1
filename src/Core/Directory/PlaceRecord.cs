namespace ChildCare.Core.Directory;

/// <summary>A trusted address or shelter an administrator added, with who saved it last.</summary>
public sealed class PlaceRecord
{
    public long Id { get; private set; }

    public string ProvinceCode { get; private set; } = "";

    public string Commune { get; private set; } = "";

    public string NameVi { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public PlaceKind Kind { get; private set; }

    public string Address { get; private set; } = "";

    public string? Phone { get; private set; }

    public string? Hours { get; private set; }

    public string? Note { get; private set; }

    public DateOnly LastChecked { get; private set; }

    public string UpdatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Takes the values of a checked place (see <see cref="DirectoryRules.Checked(TrustedPlace, HelpDirectory, DateOnly)"/>).</summary>
    public void Set(TrustedPlace place, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(place);
        (ProvinceCode, Commune, NameVi, NameEn, Kind, Address, Phone, Hours, Note, LastChecked) =
            (place.ProvinceCode, place.Commune, place.NameVi, place.NameEn, place.Kind, place.Address, place.Phone, place.Hours, place.Note, place.LastChecked);
        (UpdatedBy, UpdatedAt) = (actor, now);
    }

    public TrustedPlace ToPlace() => new(ProvinceCode, Commune, NameVi, NameEn, Address, Phone, Hours, LastChecked, Kind, Note);
}
