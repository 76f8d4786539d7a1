namespace ChildCare.Core.Calendar;

/// <summary>
/// Where official holiday schedules come from. Synchronous on purpose: working-day arithmetic runs inside
/// pure rules; a database-backed source keeps a snapshot in memory and refreshes it when an administrator
/// edits a schedule. Return the same instance while a schedule is unchanged: callers cache on it.
/// </summary>
public interface IHolidayScheduleSource
{
    /// <summary>The official schedule of <paramref name="year"/>, or null when none is known.</summary>
    HolidaySchedule? Find(int year);
}
