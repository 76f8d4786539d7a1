namespace ChildCare.Core.Privacy;

/// <summary>What one run of <see cref="PrivacyHousekeeping"/> removed or sealed.</summary>
public sealed record HousekeepingResult(int Messages, int Updates, int Conversations, int Resealed)
{
    public int Total => Messages + Updates + Conversations + Resealed;
}
