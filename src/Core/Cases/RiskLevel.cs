namespace ChildCare.Core.Cases;

/// <summary>Risk as the Decree 56 forms grade it: cao / trung bình / thấp. Stored by name.</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
}
