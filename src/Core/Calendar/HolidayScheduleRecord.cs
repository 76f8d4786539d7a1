namespace ChildCare.Core.Calendar;

/// <summary>A year's official holiday schedule as an administrator recorded it (JSON of <see cref="HolidaySchedule"/>).</summary>
public sealed class HolidayScheduleRecord
{
    public int Year { get; set; }

    public required string Json { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
