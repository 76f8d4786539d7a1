namespace ChildCare.Core.Calendar;

/// <summary>One month of a lunar year: its number, whether it is the leap month, its first solar day and
/// its length (29 or 30 days).</summary>
public sealed record LunarMonth(int Year, int Month, bool IsLeap, DateOnly FirstDay, int Days)
{
    public DateOnly LastDay => FirstDay.AddDays(Days - 1);
}
