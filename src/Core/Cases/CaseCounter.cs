namespace ChildCare.Core.Cases;

/// <summary>The last sequence number given out in a year, for codes TE-yyyy-nnnnnn.</summary>
public sealed class CaseCounter
{
    public int Year { get; init; }

    public long Last { get; set; }
}
