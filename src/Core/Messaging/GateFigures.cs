namespace ChildCare.Core.Messaging;

/// <summary>
/// Where a <see cref="SendRateGate"/>'s time went: sends held back by the anchor beyond the even spacing, timers
/// that woke late, and moments when a send could have gone but nobody was waiting to send (the dispatcher did
/// not keep up). Benchmarks print them; nothing else depends on them.
/// </summary>
/// <param name="Passes">Sends let through.</param>
/// <param name="HeldByAnchor">Time sends waited for the answer to the send L before them, beyond the spacing.</param>
/// <param name="LateWakeUps">How much later than allowed waiting senders went (timers, a busy machine).</param>
/// <param name="NobodyWaiting">How much later than allowed a send came when nobody was waiting.</param>
/// <param name="Margin">The margin the anchor keeps below the shortest round trip (grows with each 429).</param>
/// <param name="ShortestRoundTrip">The shortest round trip among the last answers.</param>
public sealed record GateFigures(long Passes, TimeSpan HeldByAnchor, TimeSpan LateWakeUps, TimeSpan NobodyWaiting, TimeSpan Margin, TimeSpan ShortestRoundTrip);
