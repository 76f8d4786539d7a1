namespace ChildCare.Core.Calendar;

/// <summary>Official names of the holidays, Vietnamese first.</summary>
internal static class HolidayNames
{
    public static (string Vi, string En) Of(HolidayOccasion occasion) => occasion switch
    {
        HolidayOccasion.NewYearsDay => ("Tết Dương lịch", "New Year's Day"),
        HolidayOccasion.LunarNewYear => ("Tết Nguyên đán", "Lunar New Year (Tết)"),
        HolidayOccasion.HungKingsCommemoration => ("Giỗ Tổ Hùng Vương", "Hung Kings' Commemoration Day"),
        HolidayOccasion.ReunificationDay => ("Ngày Giải phóng miền Nam, thống nhất đất nước", "Reunification Day"),
        HolidayOccasion.LabourDay => ("Ngày Quốc tế Lao động", "International Labour Day"),
        HolidayOccasion.NationalDay => ("Quốc khánh", "National Day"),
        _ => throw new ArgumentOutOfRangeException(nameof(occasion), occasion, "Unknown holiday."),
    };

    public static Holiday Day(DateOnly date, HolidayOccasion occasion, HolidayKind kind)
    {
        var (vi, en) = Of(occasion);
        return kind == HolidayKind.Compensatory
            ? new Holiday(date, occasion, kind, $"Nghỉ bù {vi}", $"Compensatory day off for {en}")
            : new Holiday(date, occasion, kind, vi, en);
    }
}
