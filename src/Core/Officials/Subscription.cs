namespace ChildCare.Core.Officials;

/// <summary>An official receives the reminders of a unit's rules for one role.</summary>
public sealed class Subscription
{
    public long Id { get; set; }

    public long OfficialId { get; set; }

    public Official? Official { get; set; }

    public long UnitId { get; set; }

    public Units.Unit? Unit { get; set; }

    public OfficialRole Role { get; set; }

    public DateTimeOffset Since { get; set; }
}
