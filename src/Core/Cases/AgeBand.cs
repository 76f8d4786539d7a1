namespace ChildCare.Core.Cases;

/// <summary>A child's approximate age, as a reporter who does not know it exactly can give it.</summary>
public enum AgeBand
{
    Unknown,
    Under6,
    From6To10,
    From11To15,
    From16To17,
}

internal static class AgeBands
{
    public static AgeBand Of(int years) => years switch
    {
        < 6 => AgeBand.Under6,
        <= 10 => AgeBand.From6To10,
        <= 15 => AgeBand.From11To15,
        _ => AgeBand.From16To17,
    };
}
