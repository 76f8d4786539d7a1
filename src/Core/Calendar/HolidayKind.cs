namespace ChildCare.Core.Calendar;

/// <summary>Why a day is off.</summary>
public enum HolidayKind
{
    /// <summary>A day the Labour Code names (art. 112.1), by the default rule.</summary>
    Law,

    /// <summary>Given because a law day fell on a Saturday or Sunday (art. 112.3).</summary>
    Compensatory,

    /// <summary>Off by the year's official schedule beyond the default law days (a swapped or extra day).</summary>
    OfficialExtra,
}
