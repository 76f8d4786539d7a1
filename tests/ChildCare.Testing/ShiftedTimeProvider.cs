namespace ChildCare.Testing;

/// <summary>
/// The system clock moved forward by <see cref="Advance"/>: timers and delays keep running in real time (so
/// background loops go on working), while "now" jumps, as when hours pass in an end-to-end test.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
