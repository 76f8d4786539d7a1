namespace ChildCare.Core.Cases;

/// <summary>What happened to the child, as form 01 groups it. Stored by name: never renumber.</summary>
public enum CaseCategory
{
    Violence,
    SexualAbuse,
    Neglect,
    ChildLabour,
    Trafficking,
    OnlineAbuse,
    Other,
}
