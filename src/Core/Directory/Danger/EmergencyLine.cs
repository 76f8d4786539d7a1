namespace ChildCare.Core.Directory.Danger;

/// <summary>The emergency number to call first; the value is the number.</summary>
public enum EmergencyLine
{
    None = 0,

    /// <summary>Police: violence now, abduction, threats to kill, confinement, trafficking, sexual abuse.</summary>
    Police = 113,

    /// <summary>Ambulance: drowning, burns, poisoning, unconsciousness, injury or bleeding, self-harm.</summary>
    Ambulance = 115,
}
