using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChildCare.Core.Calendar;

/// <summary>Reads the official schedules shipped as an embedded resource (OfficialHolidaySchedules.json).</summary>
internal static class OfficialHolidaySchedules
{
    public const string ResourceName = "ChildCare.Core.Calendar.OfficialHolidaySchedules.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IReadOnlyList<HolidaySchedule> Load()
    {
        using var stream = typeof(OfficialHolidaySchedules).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from ChildCare.Core.");
        var file = JsonSerializer.Deserialize<ScheduleFile>(stream, Options)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is empty.");
        return [.. file.Schedules.Select(s => new HolidaySchedule(
            s.Year,
            [.. s.Periods.Select(p => new HolidayPeriod(p.Occasions, p.First, p.Last))],
            s.WorkingDays,
            s.Source))];
    }

    private sealed record ScheduleFile(IReadOnlyList<ScheduleEntry> Schedules);

    private sealed record ScheduleEntry(int Year, string Source, IReadOnlyList<PeriodEntry> Periods, IReadOnlyList<DateOnly> WorkingDays);

    private sealed record PeriodEntry(IReadOnlyList<HolidayOccasion> Occasions, DateOnly First, DateOnly Last, string? Note);
}
