namespace ChildCare.Core.Directory.Danger;

/// <summary>What kind of danger a message speaks of; it decides the number that comes first and what to do now.</summary>
public enum DangerFamily
{
    None,

    /// <summary>Beating, threats to kill, a weapon: 113.</summary>
    Violence,

    /// <summary>Rape, molestation, online extortion with intimate images: 113.</summary>
    Sexual,

    /// <summary>Drowning, burns, electric shock, poisoning, unconsciousness, injury: 115.</summary>
    Medical,

    /// <summary>Abduction, trafficking, a missing child, confinement, starvation: 113.</summary>
    Abduction,

    /// <summary>Suicide or self-harm intent: 115, then 111 for counselling.</summary>
    SelfHarm,

    /// <summary>A plea without a kind ("cứu với", "help me"): 113.</summary>
    Unspecified,
}
