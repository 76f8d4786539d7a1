namespace ChildCare.Core.Directory;

/// <summary>The short guidance the bot gives (texts in Resources/GuidanceTexts*.resx). Stored by name in button data.</summary>
public enum GuidanceTopic
{
    SignsOfAbuse,
    ChildDisclosure,
    OnlineAbuse,
    WaterSafety,
    SchoolViolence,
    ChildLabour,
    MentalHealth,
}

internal static class GuidanceTopics
{
    // Folded phrases (no accents) that ask for a topic, Vietnamese and English.
    private static readonly (GuidanceTopic Topic, string[] Phrases)[] Keywords =
    [
        (GuidanceTopic.SignsOfAbuse, ["dau hieu", "nhan biet", "signs", "sign of abuse", "signs of abuse", "bo be", "bo roi", "neglect"]),
        (GuidanceTopic.ChildDisclosure, ["con ke", "tre ke", "chau ke", "con noi voi toi", "child told me", "told me", "tam su", "ke lai"]),
        (GuidanceTopic.OnlineAbuse, ["tren mang", "mang xa hoi", "online", "internet", "facebook", "zalo", "tiktok", "anh nong", "tong tien", "grooming", "sextortion", "cyberbullying"]),
        (GuidanceTopic.WaterSafety, ["duoi nuoc", "di boi", "tam song", "tam ao", "mua he", "drowning", "swimming", "water safety", "summer"]),
        (GuidanceTopic.SchoolViolence, ["bao luc hoc duong", "bat nat", "o truong", "bi ban danh", "bullying", "bullied", "school violence", "at school"]),
        (GuidanceTopic.ChildLabour, ["lao dong tre em", "di lam thue", "bat lam viec", "child labour", "child labor", "working child"]),
        (GuidanceTopic.MentalHealth, ["tram cam", "tam ly", "lo au", "tu lam hai", "tu hai", "suc khoe tam than", "depression", "depressed", "anxiety", "mental health", "self harm", "self-harm"]),
    ];

    /// <summary>The topic a folded text asks about, if exactly one fits best (the first listed wins a tie).</summary>
    public static GuidanceTopic? Find(string folded)
    {
        foreach (var (topic, phrases) in Keywords)
        {
            if (phrases.Any(p => TextMatching.ContainsPhrase(folded, TextMatching.Fold(p))))
            {
                return topic;
            }
        }

        return null;
    }
}
