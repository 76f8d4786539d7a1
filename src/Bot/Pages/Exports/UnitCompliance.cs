namespace ChildCare.Bot.Pages.Exports;

/// <summary>A unit's deadlines of a year that have come: done on time (by the Civil Code end), done late, not done.</summary>
public sealed record UnitCompliance(string UnitCode, string UnitName, int Due, int OnTime, int Late, int Missed, int Upcoming)
{
    public double? Rate => Due == 0 ? null : (double)OnTime / Due;
}
