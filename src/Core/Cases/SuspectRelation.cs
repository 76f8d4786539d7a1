namespace ChildCare.Core.Cases;

/// <summary>Who the suspected person is to the child. A caregiver as abuser is itself a reason for emergency action (art. 26.3).</summary>
public enum SuspectRelation
{
    Unknown,
    Parent,
    Relative,
    Caregiver,
    Teacher,
    Acquaintance,
    Stranger,
    Other,
}
