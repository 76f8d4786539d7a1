namespace ChildCare.Core.Directory;

/// <summary>
/// Spots words that say someone is in danger now, so the bot gives 113, 111 and 115 before anything else.
/// </summary>
/// <remarks>
/// A word typed without accents matches any accented form ("cuu" may be "cứu"), because a frightened parent on
/// a cheap phone does not type accents and a missed emergency costs far more than an extra line with three
/// numbers. A word typed with accents must carry the trigger's own accents, so "cựu" (former) and "từ từ"
/// (slowly) are not "cứu" and "tự tử". Phrases that use "cứu" without danger (nghiên cứu, tra cứu, cứu trợ,
/// sơ cứu, cựu chiến binh ...) are excluded, with the same accent rule; "nguy hiểm" counts even in "trò chơi
/// nguy hiểm" — a false alarm there is cheap.
/// </remarks>
internal static class EmergencyDetector
{
    private static readonly string[][] Triggers = Split(
    [
        // Vietnamese
        "cứu", "đang bị đánh", "bị đánh đập", "đang đánh con", "đang đánh em", "nguy hiểm", "khẩn cấp",
        "tự tử", "tự sát", "tự vẫn", "không muốn sống", "bắt cóc", "dọa giết", "đòi giết", "bị giết",
        "đang bị xâm hại", "đang bị hiếp", "hiếp dâm", "chết đuối", "đang đuối nước", "mất tích",
        // English
        "help me", "please help", "sos", "emergency", "in danger", "being beaten", "beating me", "hitting me",
        "suicide", "kill myself", "killing myself", "want to die", "kidnap", "kidnapped", "kidnapping",
        "abducted", "being raped", "raped", "drowning",
    ]);

    private static readonly string[][] Exclusions = Split(
    [
        "nghiên cứu", "tra cứu", "cứu trợ", "cứu tế", "cứu sinh", "sơ cứu",
        "cựu chiến binh", "cựu học sinh", "cựu giáo viên", "cựu sinh viên", "cựu cán bộ",
    ]);

    public static bool IsEmergency(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = TextMatching.Words(text);
        for (var start = 0; start < words.Count; start++)
        {
            foreach (var trigger in Triggers)
            {
                if (MatchesAt(words, start, trigger) && !IsExcluded(words, start, trigger.Length))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Whether an exclusion phrase covers any word of the trigger found at [start, start + length).
    private static bool IsExcluded(IReadOnlyList<string> words, int start, int length)
    {
        foreach (var exclusion in Exclusions)
        {
            for (var at = Math.Max(0, start - exclusion.Length + 1); at < start + length; at++)
            {
                if (MatchesAt(words, at, exclusion))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool MatchesAt(IReadOnlyList<string> words, int start, string[] phrase)
    {
        if (start + phrase.Length > words.Count)
        {
            return false;
        }

        for (var i = 0; i < phrase.Length; i++)
        {
            if (!WordMatches(words[start + i], phrase[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool WordMatches(string typed, string expected)
    {
        var folded = TextMatching.Fold(typed);
        if (folded != TextMatching.Fold(expected))
        {
            return false;
        }

        var typedWithoutAccents = folded == typed;
        return typedWithoutAccents || typed == expected;
    }

    private static string[][] Split(string[] phrases) =>
        [.. phrases.Select(p => TextMatching.Words(p).ToArray())];
}
