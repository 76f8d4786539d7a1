namespace ChildCare.Benchmarks;

/// <summary>
/// The system clock moved to another moment: the date and time read from it are shifted, its timers and
/// delays run in real time, so the Bot sends at its real pace on a chosen morning.
/// </summary>
internal sealed class ShiftedTime(DateTimeOffset startAt) : TimeProvider
{
    private readonly TimeSpan _offset = startAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>The real (system) time at which this clock reads <paramref name="moment"/>.</summary>
    public DateTimeOffset RealTimeOf(DateTimeOffset moment) => moment - _offset;
}
