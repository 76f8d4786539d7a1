namespace ChildCare.Core.Privacy;

/// <summary>What one run of <see cref="PrivacyHousekeeping"/> removed or sealed.</summary>
/// <param name="Messages">Delivery records of sent or given-up messages deleted.</param>
/// <param name="Updates">Handled updates deleted.</param>
/// <param name="Conversations">Idle conversations deleted.</param>
/// <param name="Resealed">Rows an older build left in clear, sealed.</param>
/// <param name="Phones">Phone numbers dropped because the person who gave them is no longer an official.</param>
public sealed record HousekeepingResult(int Messages, int Updates, int Conversations, int Resealed, int Phones = 0)
{
    public int Total => Messages + Updates + Conversations + Resealed + Phones;
}
