namespace ChildCare.Core.Directory;

/// <summary>What a <see cref="TrustedPlace"/> is, in the plans' words. Stored by name.</summary>
public enum PlaceKind
{
    /// <summary>Cơ sở, địa chỉ tin cậy: a person or place in the community a child can turn to.</summary>
    TrustedAddress,

    /// <summary>Nhà tạm lánh: a temporary shelter.</summary>
    Shelter,
}
