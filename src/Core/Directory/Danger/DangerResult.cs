namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// What the detector made of a message: no danger (<see cref="Calm"/>), or the family of danger, the number to call
/// first and the phrase that decided it when a rule did (for tests and tuning; never logged, it is part of what someone
/// wrote). <see cref="Score"/> is the learned danger probability and <see cref="Evidence"/> the kinds of evidence found,
/// by name only ("now", "teaching", "counted:Violence", "rules:calm"): both may be logged, neither quotes the message.
/// </summary>
public sealed record DangerResult(DangerFamily Family, EmergencyLine First, string? Trigger)
{
    public static DangerResult Calm { get; } = new(DangerFamily.None, EmergencyLine.None, null);

    public bool IsDanger => Family != DangerFamily.None;

    public double Score { get; init; }

    public IReadOnlyCollection<string> Evidence { get; init; } = [];

    /// <summary>
    /// The first aid to do while waiting for 115 ("Bleeding", "Seizure", "Poison" ...: DangerRules.json "firstAid"),
    /// when 115 comes first and the message says which; null otherwise.
    /// </summary>
    public string? Aid { get; init; }

    /// <summary>The one who wrote is the one in danger ("em bị", "he touches me"): what to do now is said to them.</summary>
    public bool Writer { get; init; }
}
