namespace ChildCare.Core.Directory;

/// <summary>
/// A hotline as an administrator left it: the override of a shipped line (<see cref="ShippedNumber"/> names
/// the line of Hotlines.json, whatever its number is now) or a line added in the dashboard. Deleting an
/// override brings the shipped line back.
/// </summary>
public sealed class HotlineRecord
{
    public long Id { get; private set; }

    /// <summary>The number the shipped line has in Hotlines.json; null for a line added here.</summary>
    public string? ShippedNumber { get; init; }

    public string Number { get; private set; } = "";

    public string NameVi { get; private set; } = "";

    public string NameEn { get; private set; } = "";

    public string? ProvinceCode { get; private set; }

    public string? Hours { get; private set; }

    public CallCost Cost { get; private set; }

    public DateOnly LastChecked { get; private set; }

    public string PurposeVi { get; private set; } = "";

    public string PurposeEn { get; private set; } = "";

    public string Source { get; private set; } = "";

    /// <summary>An inactive line stays here (and on the page) but the bot no longer gives it.</summary>
    public bool Active { get; private set; } = true;

    /// <summary>"official:12": who saved it last.</summary>
    public string UpdatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    public static HotlineRecord For(string? shippedNumber, Hotline line, bool active, string actor, DateTimeOffset now)
    {
        var record = new HotlineRecord { ShippedNumber = shippedNumber };
        record.Set(line, actor, now);
        record.Active = active;
        return record;
    }

    /// <summary>Takes the values of a checked line (see <see cref="DirectoryRules.Checked(Hotline, HelpDirectory, DateOnly)"/>).</summary>
    public void Set(Hotline line, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(line);
        (Number, NameVi, NameEn, ProvinceCode, Hours, Cost, LastChecked, PurposeVi, PurposeEn, Source) =
            (line.Number, line.NameVi, line.NameEn, line.ProvinceCode, line.Hours, line.Cost, line.LastChecked, line.PurposeVi, line.PurposeEn, line.Source);
        Touch(actor, now);
    }

    public void SetActive(bool active, string actor, DateTimeOffset now)
    {
        Active = active;
        Touch(actor, now);
    }

    public Hotline ToHotline() => new(Number, NameVi, NameEn, ProvinceCode, Hours, Cost, LastChecked, PurposeVi, PurposeEn, Source);

    private void Touch(string actor, DateTimeOffset now) => (UpdatedBy, UpdatedAt) = (actor, now);
}
