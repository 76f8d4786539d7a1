using ChildCare.Core.Directory.Danger;

namespace ChildCare.Core.Directory;

/// <summary>
/// Spots words that say someone is in danger now, so the bot gives the emergency numbers before anything else, the
/// right one first: 113 for violence, abduction and sexual abuse, 115 for drowning, burns, poisoning, injury and
/// self-harm (DOMAIN.md, "In danger now: which number first").
/// </summary>
/// <remarks>
/// The words are data (Danger/DangerRules.json) read by <see cref="DangerEngine"/>; what the rules find is weighed with
/// the message's words by a learned scorer (Danger/DangerModel.json, <see cref="DangerDetector"/>). A word typed without accents
/// matches any accented form ("cuu" may be "cứu"), because a frightened parent on a cheap phone does not type accents
/// and a missed emergency costs far more than an extra line with three numbers. A word typed with accents must carry
/// the phrase's own accents, so "cựu" (former) and "từ từ" (slowly) are not "cứu" and "tự tử".
/// </remarks>
internal static class EmergencyDetector
{
    private static readonly DangerDetector Shipped = new(DangerRules.Shipped(), DangerModel.Shipped());

    public static DangerResult Detect(string text) => Shipped.Detect(text);

    public static bool IsEmergency(string text) => Detect(text).IsDanger;
}
