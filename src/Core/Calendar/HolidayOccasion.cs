namespace ChildCare.Core.Calendar;

/// <summary>The public holidays of the Labour Code 2019, art. 112.1.</summary>
public enum HolidayOccasion
{
    NewYearsDay,
    LunarNewYear,
    HungKingsCommemoration,
    ReunificationDay,
    LabourDay,
    NationalDay,
}
