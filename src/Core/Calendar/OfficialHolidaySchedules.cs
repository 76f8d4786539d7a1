using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChildCare.Core.Calendar;

/// <summary>Reads the official schedules shipped as an embedded resource (OfficialHolidaySchedules.json).</summary>
public static class OfficialHolidaySchedules
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
        return [.. file.Schedules.Select(s => s.ToSchedule())];
    }

    /// <summary>One schedule as JSON, the form an administrator sends and the database keeps.</summary>
    public static string Write(HolidaySchedule schedule) => JsonSerializer.Serialize(ScheduleEntry.From(schedule), Options);

    /// <exception cref="JsonException">Not a schedule.</exception>
    public static HolidaySchedule Read(string json) =>
        (JsonSerializer.Deserialize<ScheduleEntry>(json, Options) ?? throw new JsonException("The schedule is empty.")).ToSchedule();

    private sealed record ScheduleFile(IReadOnlyList<ScheduleEntry> Schedules);

    internal sealed record ScheduleEntry(int Year, string Source, IReadOnlyList<PeriodEntry> Periods, IReadOnlyList<DateOnly>? WorkingDays)
    {
        public HolidaySchedule ToSchedule() => new(
            Year,
            [.. (Periods ?? []).Select(p => new HolidayPeriod(p.Occasions ?? [], p.First, p.Last))],
            WorkingDays ?? [],
            Source ?? "");

        public static ScheduleEntry From(HolidaySchedule schedule) => new(
            schedule.Year,
            schedule.Source,
            [.. schedule.Periods.Select(p => new PeriodEntry(p.Occasions, p.First, p.Last, null))],
            schedule.WorkingDays);
    }

    internal sealed record PeriodEntry(IReadOnlyList<HolidayOccasion> Occasions, DateOnly First, DateOnly Last, string? Note);
}
