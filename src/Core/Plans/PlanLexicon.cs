using ChildCare.Core.Directory;
using ChildCare.Core.Officials;

namespace ChildCare.Core.Plans;

/// <summary>
/// The words plans use for who does the work: agencies mapped to the roles rules are written for, and the
/// words an agency's name starts with ("Phòng", "Trạm", "UBND"...), all folded (no accents, lower case).
/// </summary>
internal static class PlanLexicon
{
    // Longest phrases are tried first at every word: "van hoa xa hoi" (the commune's child-work official)
    // must win over "van hoa" (culture), "ban bao ve" (the steering board) over nothing.
    private static readonly (string[] Words, OfficialRole? Role)[] Agencies = Build(
    [
        ("van hoa xa hoi", OfficialRole.ChildProtection),
        ("van hoa chinh sach", OfficialRole.ChildProtection),
        ("lao dong thuong binh", OfficialRole.ChildProtection),
        ("lao dong tb", OfficialRole.ChildProtection),
        ("ld tb", OfficialRole.ChildProtection),
        ("ldtb", OfficialRole.ChildProtection),
        ("ldtbxh", OfficialRole.ChildProtection),
        ("cong tac tre em", OfficialRole.ChildProtection),
        ("uy ban nhan dan", OfficialRole.ChildProtection),
        ("ubnd", OfficialRole.ChildProtection),
        ("hdnd", OfficialRole.ChildProtection),
        ("ban bao ve", OfficialRole.Supervisor),
        ("ban chi dao", OfficialRole.Supervisor),
        ("ban dieu hanh", OfficialRole.Supervisor),
        ("chu tich", OfficialRole.Supervisor),
        ("lanh dao", OfficialRole.Supervisor),
        ("cong an", OfficialRole.Police),
        ("y te", OfficialRole.Health),
        ("giao duc", OfficialRole.Education),
        ("gd dt", OfficialRole.Education),
        ("gddt", OfficialRole.Education),
        ("truong hoc", OfficialRole.Education),
        ("nha truong", OfficialRole.Education),
        ("cac truong", OfficialRole.Education),
        ("mam non", OfficialRole.Education),
        ("tieu hoc", OfficialRole.Education),
        ("trung hoc", OfficialRole.Education),
        ("thcs", OfficialRole.Education),
        ("van hoa", OfficialRole.Culture),
        ("thong tin", OfficialRole.Culture),
        ("truyen thong", OfficialRole.Culture),
        ("truyen thanh", OfficialRole.Culture),
        ("phat thanh", OfficialRole.Culture),
        ("phu nu", OfficialRole.WomenUnion),
        ("lhpn", OfficialRole.WomenUnion),
        ("doan thanh nien", OfficialRole.YouthUnion),
        ("huyen doan", OfficialRole.YouthUnion),
        ("thanh doan", OfficialRole.YouthUnion),
        ("tinh doan", OfficialRole.YouthUnion),
        ("doan tncs", OfficialRole.YouthUnion),
        ("doan xa", OfficialRole.YouthUnion),
        ("doan phuong", OfficialRole.YouthUnion),
        ("chi doan", OfficialRole.YouthUnion),
        ("doi thieu nien", OfficialRole.YouthUnion),
        // The party's boards of propaganda (Ban Tuyên giáo, since 2025 within Ban Xây dựng Đảng at the commune): its news and meetings.
        ("ban tuyen giao", OfficialRole.Culture),
        ("ban xay dung dang", OfficialRole.Culture),
        // Offices no rule is written for: matched so that their words do not read as another's.
        ("tu phap", null),
        ("tai chinh", null),
        ("noi vu", null),
        ("dan toc", null),
        ("mat tran", null),
        ("nong dan", null),
        ("cuu chien binh", null),
        ("chu thap do", null),
    ]);

    // Party organs: no role of their own. Alone they lead (the unit's leadership); beside a body they lead
    // ("Chi bộ các trường…", "Đảng ủy giao Ủy ban nhân dân xã"), the work is that body's.
    private static readonly string[][] PartyOrgans =
        [.. new[] { "ban thuong vu", "thuong truc dang uy", "dang uy", "dang bo", "chi bo", "uy ban kiem tra", "van phong dang uy", "huyen uy", "tinh uy", "thanh uy", "quan uy", "ban dan van" }
            .Select(p => p.Split(' ')).OrderByDescending(p => p.Length)];

    // "Các cơ quan, ban, ngành, đoàn thể, địa phương": everyone, which is the child-work official's to follow.
    private static readonly string[] Everyone = ["cac ban", "ban nganh", "doan the", "cac co quan", "cac don vi", "dia phuong", "cac phong ban", "cac nganh", "cac cap"];

    // The words an agency's name starts with, so a sentence or heading that starts with one names who does it.
    private static readonly string[] Heads =
    [
        "ubnd", "uy ban", "phong", "so", "tram", "trung tam", "cong an", "truong", "cac truong", "hoi", "doan", "huyen doan",
        "thanh doan", "tinh doan", "ban", "cong chuc", "can bo", "van phong", "nganh", "dai", "cac phong", "cac co quan",
        "co quan", "cac don vi", "don vi", "cac nganh", "chi doan", "chu tich", "lanh dao", "cac ban", "cac thon", "thon",
        "dang uy", "dang bo", "chi bo", "cac chi bo", "ban thuong vu", "thuong truc", "huyen uy", "tinh uy", "thanh uy", "quan uy", "mat tran",
    ];

    // Words before the body that is to do the work: "Đề nghị UBND…", "Chỉ đạo Công an xã…", "Giao Phòng…".
    private static readonly string[] Directing = ["de nghi ", "moi ", "chi dao ", "giao ", "yeu cau ", "phan cong "];

    /// <summary>The roles an agency text names, in the order it names them; empty when it names none or everyone.</summary>
    public static IReadOnlyList<OfficialRole> Roles(string agencyText)
    {
        var words = TextMatching.Fold(agencyText).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var folded = " " + string.Join(' ', words) + " ";
        if (Everyone.Any(e => folded.Contains(" " + e + " ", StringComparison.Ordinal)))
        {
            return [];
        }

        var roles = new List<OfficialRole>();
        var party = false;
        for (var i = 0; i < words.Length; i++)
        {
            if (PhraseAt(PartyOrgans, words, i) is > 0 and var organ)
            {
                party = true;
                i += organ - 1;
                continue;
            }

            foreach (var (phrase, role) in Agencies)
            {
                if (i + phrase.Length <= words.Length && phrase.AsSpan().SequenceEqual(words.AsSpan(i, phrase.Length)))
                {
                    if (role is { } found && !roles.Contains(found))
                    {
                        roles.Add(found);
                    }

                    i += phrase.Length - 1;
                    break;
                }
            }
        }

        return roles.Count == 0 && party ? [OfficialRole.Supervisor] : roles;
    }

    /// <summary>How many words of one of the phrases start at word <paramref name="at"/> (0: none).</summary>
    private static int PhraseAt(string[][] phrases, string[] words, int at)
    {
        foreach (var phrase in phrases)
        {
            if (at + phrase.Length <= words.Length && phrase.AsSpan().SequenceEqual(words.AsSpan(at, phrase.Length)))
            {
                return phrase.Length;
            }
        }

        return 0;
    }

    /// <summary>
    /// The body a line gives the list under it to ("Đảng ủy giao Ủy ban nhân dân xã:", "UBND xã:"), or null when it
    /// names none.
    /// </summary>
    public static string? Assigned(string line)
    {
        var folded = TextMatching.Fold(line);
        foreach (var verb in Directing)
        {
            var at = folded.IndexOf(" " + verb, StringComparison.Ordinal);
            if (at > 0 && at < 60 && line[(at + 1)..] is var rest && StartsWithAgency(rest))
            {
                return AgencyPhrase(rest);
            }
        }

        return StartsWithAgency(line) && Roles(line).Count > 0 ? AgencyPhrase(line) : null;
    }

    /// <summary>Whether the text starts with an agency's name ("Phòng Giáo dục…", "Các trường…", "Đề nghị UBND…").</summary>
    public static bool StartsWithAgency(string text)
    {
        var folded = TextMatching.Fold(text.Length > 200 ? text[..200] : text);
        foreach (var prefix in Directing)
        {
            if (folded.StartsWith(prefix, StringComparison.Ordinal))
            {
                folded = folded[prefix.Length..];
            }
        }

        return Heads.Any(h => folded == h || folded.StartsWith(h + " ", StringComparison.Ordinal));
    }

    /// <summary>The agency named at the start of a text: up to its colon or its first verb ("UBND các xã xây dựng…").</summary>
    public static string AgencyPhrase(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon is > 0 and < 120)
        {
            text = text[..colon];
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(40).ToArray();
        var folded = words.Select(w => TextMatching.Fold(w)).ToArray();
        // "Chỉ đạo Công an xã mở đợt…": the body directed is who does it.
        var start = 0;
        foreach (var prefix in Directing)
        {
            var verb = prefix.TrimEnd().Split(' ');
            if (verb.Length < folded.Length && verb.AsSpan().SequenceEqual(folded.AsSpan(0, verb.Length)))
            {
                start = verb.Length;
                break;
            }
        }

        words = words[start..];
        folded = folded[start..];
        var end = Math.Min(words.Length, 16);
        var wordsFolded = folded.Select(f => f.Trim(',', ';', ':', '.')).ToArray();
        for (var i = Math.Max(1, LongName(wordsFolded, 0)); i < end; i++)
        {
            // A body's name with a verb's words in it ("Ban Xây dựng Đảng", "Ủy ban Kiểm tra"): not where it stops.
            if (LongName(wordsFolded, i) is > 0 and var name)
            {
                i += name - 1;
                continue;
            }

            var pair = i + 1 < folded.Length ? folded[i] + " " + folded[i + 1] : folded[i];
            if (Verbs.Contains(folded[i]) || Verbs.Contains(pair))
            {
                end = i;
                break;
            }
        }

        return string.Join(' ', words.Take(end)).Trim().TrimEnd('.', ',', ';', '-', '–');
    }

    // Where an agency's name stops and what it does begins.
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "hop", "phat", "gui", "co", "la", "duoc", "hang", "to chuc", "xay dung", "chu tri", "thuc hien", "phoi hop", "trien khai", "tham muu",
        "chi dao", "tuyen truyen", "tiep tuc", "kien toan", "duy tri", "tong hop", "huong dan", "kiem tra", "dinh ky", "bao cao", "van dong",
        "cap nhat", "ra soat", "dam bao", "nang cao", "tiep nhan", "xu ly", "can cu", "day manh", "tang cuong", "quan ly", "bo tri",
        "mo", "kham", "theo doi", "don doc", "so ket", "tong ket", "quan triet", "ban hanh", "lanh dao", "giam sat",
    };

    private static int LongName(string[] words, int at)
    {
        var organ = PhraseAt(PartyOrgans, words, at);
        if (organ >= 2)
        {
            return organ;
        }

        foreach (var (phrase, _) in Agencies)
        {
            if (phrase.Length >= 3 && at + phrase.Length <= words.Length && phrase.AsSpan().SequenceEqual(words.AsSpan(at, phrase.Length)))
            {
                return phrase.Length;
            }
        }

        return 0;
    }

    private static (string[] Words, OfficialRole? Role)[] Build((string Phrase, OfficialRole? Role)[] entries) =>
        [.. entries.Select(e => (e.Phrase.Split(' '), e.Role)).OrderByDescending(e => e.Item1.Length)];
}
