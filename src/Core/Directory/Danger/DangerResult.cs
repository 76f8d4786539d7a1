namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// What the detector made of a message: no danger (<see cref="Calm"/>), or the family of danger, the number to call
/// first and the phrase that decided it (for tests and tuning; never logged, it is part of what someone wrote).
/// </summary>
internal sealed record DangerResult(DangerFamily Family, EmergencyLine First, string? Trigger)
{
    public static DangerResult Calm { get; } = new(DangerFamily.None, EmergencyLine.None, null);

    public bool IsDanger => Family != DangerFamily.None;
}
