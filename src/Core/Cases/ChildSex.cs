namespace ChildCare.Core.Cases;

public enum ChildSex
{
    Unknown,
    Boy,
    Girl,
}
