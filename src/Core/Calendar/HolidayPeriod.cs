namespace ChildCare.Core.Calendar;

/// <summary>
/// A block of days off fixed by an official schedule for one or more holidays (for example 30/4 and 1/5
/// together). For those holidays the block replaces the default rule, compensation included: every
/// Monday-Friday from <see cref="First"/> to <see cref="Last"/> is off.
/// </summary>
public sealed record HolidayPeriod(IReadOnlyList<HolidayOccasion> Occasions, DateOnly First, DateOnly Last);
