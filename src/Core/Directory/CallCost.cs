namespace ChildCare.Core.Directory;

/// <summary>What a call costs the caller, as far as the directory knows.</summary>
public enum CallCost
{
    Free,
    ChargesMayApply,
}
