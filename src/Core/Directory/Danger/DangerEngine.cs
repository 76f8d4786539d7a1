namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// Reads a message for danger with the phrases of <see cref="DangerRules"/>. The message is cut into words; each word
/// may stand for more than one (phone abbreviations: "ck" is "chồng", "k" is "không"); every phrase is looked for with
/// the accent rule of <see cref="VietnameseWord.MayBe"/>. Where phrases overlap, the longest wins, so "đánh răng" and
/// "nghiên cứu" hide "đánh" and "cứu", and "bỏng nước sôi" beats "bé bỏng". A danger phrase then counts when what it
/// needs is there (<see cref="DangerNeeds"/>), it is not negated just before ("không bị đánh"), and no frame holds
/// it: a joke or game never counts; teaching, prevention, signs, news and what is over and handled hold unless the
/// message is urgent ("bây giờ", "nhanh lên", "right now"); a hypothesis or fiction just before holds unless "đang",
/// "vừa" stand just before; a general question holds unless the message is about someone in particular ("con tôi",
/// "bố đánh"). A plea ("cứu với", "help me") is never held. 113 comes first, 115 when an injury, a medical danger or
/// self-harm is named, unless a beating still goes on or a threat stands (DOMAIN.md, and the evaluation README).
/// </summary>
internal sealed class DangerEngine
{
    private const int MaxGap = 3;
    private const int PassiveReach = 3;
    private const int NegationReach = 2;
    private const int NowReach = 4;
    private const int AgentReach = 2;
    private const int HypothesisReach = 6;
    private const int FictionReach = 3;

    private static readonly DangerFamily[] FamilyOrder =
        [DangerFamily.Sexual, DangerFamily.Abduction, DangerFamily.SelfHarm, DangerFamily.Violence, DangerFamily.Medical, DangerFamily.Unspecified];

    private const string AidConcept = "aid:";
    private const string WriterConcept = "writer";
    private const string NotWriterConcept = "notWriter";
    private const string WeakAgentsConcept = "agentUsuallyOtherUnaccented";

    private static readonly string[] KindNames = [.. Enum.GetNames<Kind>().Select(n => n.ToLowerInvariant())];

    private readonly Dictionary<string, List<Pattern>> _byFirstKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[][]> _abbreviations = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<DangerSignalGroup> _groups;
    private readonly IReadOnlyList<DangerAid> _aids;

    // Agents that, typed without accents, are usually another word ("di" is "đi" far more often than "dì").
    private readonly HashSet<string> _weakAgents;

    public DangerEngine(DangerRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _groups = rules.Signals;
        foreach (var (typed, meanings) in rules.Abbreviations)
        {
            _abbreviations[typed] = [.. meanings.Select(m => m.Split(' ', StringSplitOptions.RemoveEmptyEntries))];
        }

        var concepts = rules.Concepts;
        foreach (var (name, phrases) in concepts)
        {
            if (ConceptKind(name) is { } kind)
            {
                Add(phrases, kind, -1, concepts);
            }
        }

        foreach (var (name, phrases) in rules.Frames)
        {
            Add(phrases, FrameKind(name), -1, concepts);
        }

        foreach (var name in rules.Signals.Select(s => s.With).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!concepts.TryGetValue(name, out var phrases))
            {
                throw new InvalidOperationException($"A danger group needs the concept \"{name}\", which is not in the rules.");
            }

            Add(phrases, Kind.Concept, -1, concepts, name);
        }

        _weakAgents = new HashSet<string>(Required(concepts, WeakAgentsConcept).Select(w => w.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant()), StringComparer.Ordinal);
        _aids = rules.FirstAid;
        foreach (var aid in _aids)
        {
            Add(aid.Phrases, Kind.Concept, -1, concepts, AidConcept + aid.Line);
        }

        foreach (var name in (string[])[WriterConcept, NotWriterConcept])
        {
            Add(Required(concepts, name), Kind.Concept, -1, concepts, name);
        }

        Add(rules.OtherSenses, Kind.OtherSense, -1, concepts);
        for (var group = 0; group < rules.Signals.Count; group++)
        {
            Add(rules.Signals[group].Phrases, Kind.Signal, group, concepts);
        }
    }

    private enum Kind
    {
        Signal,
        OtherSense,
        Person,
        Body,
        Passive,
        Link,
        Negation,
        Urgent,
        Now,
        Specific,
        Agent,
        Child,
        Ongoing,
        Threat,
        Still,
        Later,
        Unreal,
        Fiction,
        Teaching,
        General,
        Hypothetical,
        Ordinary,
        Concept,
        Past,
    }

    public DangerResult Detect(string text) => Detect(text, null);

    /// <summary>
    /// As <see cref="Detect(string)"/>, and adds to <paramref name="evidence"/> the kinds of evidence the message holds,
    /// by name and never by word ("now", "teaching", "signal:Violence", "counted:Sexual"): the learned scorer weighs
    /// them, and a log may name them without quoting the message.
    /// </summary>
    public DangerResult Detect(string text, ISet<string>? evidence) => Read(text, evidence).Result;

    /// <summary>As <see cref="Detect(string, ISet{string})"/>, with the hints read on the way, for a result decided elsewhere.</summary>
    internal (DangerResult Result, DangerHints Hints) Read(string text, ISet<string>? evidence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text);
        if (tokens.Count == 0)
        {
            return (DangerResult.Calm, default);
        }

        var hits = FindAll(tokens);
        var claimed = Claim(hits);
        var context = hits.Where(h => h.Pattern.Kind is not (Kind.Signal or Kind.OtherSense) && !Hidden(h, claimed)).ToList();
        if (evidence is not null)
        {
            foreach (var hit in context.Where(h => h.Pattern.Kind != Kind.Concept))
            {
                evidence.Add(KindNames[(int)hit.Pattern.Kind]);
            }

            foreach (var signal in claimed.Where(h => h.Pattern.Kind == Kind.Signal))
            {
                evidence.Add("signal:" + _groups[signal.Pattern.Group].Family);
            }
        }
        var best = -1;
        Hit? decisive = null;
        var ambulance = false;
        var policeNow = false;
        var selfHarm = false;
        foreach (var signal in claimed.Where(h => h.Pattern.Kind == Kind.Signal))
        {
            var group = _groups[signal.Pattern.Group];
            if (group.With is { } with && !context.Exists(h => h.Pattern.Kind == Kind.Concept && h.Pattern.Concept == with && Apart(h, signal)))
            {
                continue;
            }

            if (!Counts(signal, group.Plea, group.Needs, context))
            {
                continue;
            }

            ambulance |= group.First == (int)EmergencyLine.Ambulance;
            selfHarm |= group.Family == DangerFamily.SelfHarm;
            policeNow |= group.Family is DangerFamily.Violence or DangerFamily.Sexual or DangerFamily.Abduction
                && context.Exists(h => h.Pattern.Kind == Kind.Ongoing && Before(h, signal, NowReach) || h.Pattern.Kind == Kind.Threat);
            evidence?.Add("counted:" + group.Family);
            var rank = Array.IndexOf(FamilyOrder, group.Family);
            if (decisive is null || rank < best)
            {
                best = rank;
                decisive = signal;
            }
        }

        var hints = Hints(context);
        if (decisive is not { } found)
        {
            return (DangerResult.Calm, hints);
        }

        var first = selfHarm || ambulance && !policeNow ? EmergencyLine.Ambulance : EmergencyLine.Police;
        return (hints.On(new DangerResult(FamilyOrder[best], first, found.Pattern.Text)), hints);
    }

    private DangerHints Hints(List<Hit> context) => new(
        _aids.FirstOrDefault(a => HasConcept(context, AidConcept + a.Line))?.Line,
        // "con em bị đánh", "bé nhà mình bị": the writer's child. The writer is "em" only when no person, and no "nhà",
        // "của", stands right before it.
        context.Exists(h => h.Pattern.Concept == WriterConcept
            && !context.Exists(p => p.Pattern.Kind == Kind.Person && p.End == h.Start
                || p.Pattern.Concept == NotWriterConcept && p.Start < h.Start && h.Start < p.End)));

    private static string[] Required(IReadOnlyDictionary<string, string[]> concepts, string name) =>
        concepts.TryGetValue(name, out var phrases) ? phrases : throw new InvalidOperationException($"The danger rules need the concept \"{name}\".");

    private static bool HasConcept(List<Hit> context, string concept) =>
        context.Exists(h => h.Pattern.Kind == Kind.Concept && string.Equals(h.Pattern.Concept, concept, StringComparison.Ordinal));

    /// <summary>The phrases found in a message and what claimed them, for tuning.</summary>
    internal IEnumerable<string> Explain(string text)
    {
        var hits = FindAll(Tokenize(text));
        var claimed = Claim(hits);
        return hits.Select(h => $"{h.Pattern.Kind}{(h.Pattern.Kind == Kind.Signal ? "/" + _groups[h.Pattern.Group].Family : "")} «{h.Pattern.Text}» {h.Start}-{h.End}{(claimed.Contains(h) ? " claimed" : "")}{(Hidden(h, claimed) ? " hidden" : "")}");
    }

    private static bool Counts(Hit signal, bool plea, DangerNeeds needs, List<Hit> context)
    {
        var satisfied = needs switch
        {
            DangerNeeds.Alone => true,
            DangerNeeds.Person => signal.Certain || context.Exists(h => h.Pattern.Kind is Kind.Person or Kind.Passive or Kind.Agent),
            DangerNeeds.Child => context.Exists(h => h.Pattern.Kind == Kind.Child),
            DangerNeeds.Accented => signal.Certain,
            _ => HasVictim(signal, context),
        };
        if (!satisfied || context.Exists(h => h.Pattern.Kind == Kind.Negation && Before(h, signal, NegationReach)))
        {
            return false;
        }

        if (plea)
        {
            return true;
        }

        // A joke or a game is never danger, however urgent its words ("ông đánh chết bây giờ").
        if (context.Exists(h => h.Pattern.Kind == Kind.Unreal && Apart(h, signal)))
        {
            return false;
        }

        // Urgent words inside a frame are not urgent: "it's fine now".
        if (context.Exists(h => h.Pattern.Kind == Kind.Urgent
            && !context.Exists(t => t.Pattern.Kind == Kind.Teaching && t.Start <= h.Start && h.End <= t.End)))
        {
            return true;
        }

        // Teaching, signs, news and what is over hold whatever the tense: "signs that a child is being abused".
        if (context.Exists(h => h.Pattern.Kind == Kind.Teaching && Apart(h, signal)))
        {
            return false;
        }

        // What happened before ("đợt trước", "last month") holds unless something still goes on after it ("3 tháng
        // trước ... hôm qua nó gọi về khóc"), or the danger is told after a "now" ("tuần trước ..., giờ ... co giật",
        // but not "tháng trước bị bỏng, giờ sẹo còn thâm"), or it is told as going on or to come ("cháu sẽ đi theo bà
        // nội, bà mất năm ngoái").
        var now = context.Exists(h => h.Pattern.Kind == Kind.Now && Before(h, signal, NowReach));
        var stillNear = context.Exists(h => h.Pattern.Kind == Kind.Still && h.Start >= signal.Start - NowReach && h.End <= signal.End);
        if (!now && !stillNear && context.Exists(past => past.Pattern.Kind == Kind.Past && Apart(past, signal)
            && !context.Exists(h => h.Start >= past.End
                && (h.Pattern.Kind is Kind.Now or Kind.Still || h.Pattern.Kind == Kind.Later && h.End <= signal.Start))))
        {
            return false;
        }

        // A question about ordinary behaviour or a procedure ("có bình thường không", "có nên", "bao lâu", "hồ sơ")
        // holds an everyday word ("đánh nhau", "đập đồ") unless someone stands just before it ("bố đánh"); a word
        // that is danger on its own only when nobody in particular is in the message ("hồ sơ cho trẻ bị bỏ rơi").
        if ((needs is not (DangerNeeds.Alone or DangerNeeds.Accented) || signal.Pattern.Composed
                || !context.Exists(h => h.Pattern.Kind == Kind.Specific))
            && context.Exists(h => h.Pattern.Kind == Kind.Ordinary && Apart(h, signal))
            && !context.Exists(h => h.Pattern.Kind == Kind.Agent && Before(h, signal, AgentReach)))
        {
            return false;
        }

        if (!now && context.Exists(h => h.Pattern.Kind == Kind.Hypothetical && Before(h, signal, HypothesisReach)
            || h.Pattern.Kind == Kind.Fiction && Before(h, signal, FictionReach)))
        {
            return false;
        }

        var particular = now || context.Exists(h => h.Pattern.Kind == Kind.Specific || h.Pattern.Kind == Kind.Agent && Before(h, signal, AgentReach));
        return particular || !context.Exists(h => h.Pattern.Kind == Kind.General && Apart(h, signal));
    }

    private static bool HasVictim(Hit signal, List<Hit> context)
    {
        if (context.Exists(h => h.Pattern.Kind == Kind.Passive && Before(h, signal, PassiveReach)))
        {
            return true;
        }

        var after = signal.End;
        if (context.Exists(h => h.Pattern.Kind is Kind.Person or Kind.Body && h.Start == after))
        {
            return true;
        }

        return context.Exists(link => link.Pattern.Kind == Kind.Link && link.Start == after
            && context.Exists(h => h.Pattern.Kind is Kind.Person or Kind.Body && h.Start == link.End));
    }

    // A frame that shares words with the danger phrase does not hold it: "xem phim" does not hold "xem phim người lớn".
    private static bool Apart(Hit frame, Hit signal) => frame.End <= signal.Start || signal.End <= frame.Start;

    // Whether a ends before b starts, with at most `reach` words between them.
    private static bool Before(Hit a, Hit b, int reach) => a.End <= b.Start && b.Start - a.End <= reach;

    // Context words touching an other sense ("em" of "trẻ em bị ..." is no child writing, "con" of "con đập" is a
    // dam) do not count.
    // A frame is never hidden: "nghiên cứu" is an other sense of "cứu" and still a frame of study.
    private static bool Hidden(Hit hit, List<Hit> claimed) =>
        hit.Pattern.Kind is not (Kind.Teaching or Kind.General or Kind.Hypothetical or Kind.Unreal or Kind.Fiction or Kind.Ordinary or Kind.Past)
        && claimed.Exists(c => c.Pattern.Kind == Kind.OtherSense && c.Start < hit.End && hit.Start < c.End);

    // Danger phrases and other senses claim their words: the longest first; at equal length the one typed with its
    // accents, then the other sense ("bị đánh giá" is a rating), then the graver family ("bi dam o" is "dâm ô").
    private List<Hit> Claim(List<Hit> hits)
    {
        var candidates = hits.Where(h => h.Pattern.Kind is Kind.Signal or Kind.OtherSense)
            .OrderByDescending(h => h.End - h.Start)
            .ThenByDescending(h => h.Certain)
            .ThenBy(h => h.Pattern.Kind == Kind.Signal)
            .ThenBy(h => h.Pattern.Kind == Kind.Signal ? Array.IndexOf(FamilyOrder, _groups[h.Pattern.Group].Family) : 0)
            .ThenBy(h => h.Start);
        var claimed = new List<Hit>();
        foreach (var hit in candidates)
        {
            // A phrase made of concepts whose last word begins a longer other sense does not end there: "ngồi trên
            // cầu" is not "ngồi trên cầu thang".
            if (hit.Pattern.Kind == Kind.Signal && hit.Pattern.Composed
                && hits.Exists(o => o.Pattern.Kind == Kind.OtherSense && o.Start < hit.End && hit.End < o.End && hit.Start < o.Start))
            {
                continue;
            }

            // Typed without accents, an other sense that begins with a blow may be that blow: "bi bo danh dau" is "bị bố
            // đánh đau" as much as "đánh dấu", "ck danh mat con" "đánh mặt" as much as "đánh mất". When someone deals it
            // or suffers it just before, the violence stands (DOMAIN.md: in doubt, the numbers). Only violence: "chi tu
            // van vien" is a counsellor ("tư vấn"), whoever stands before it. Some agents typed without accents are usually
            // another word (DangerRules.json "agentUsuallyOtherUnaccented": "di" is "đi" far more often than "dì"):
            // "di danh ca" is going fishing.
            if (hit.Pattern.Kind == Kind.OtherSense && !hit.Certain && hits.Exists(s => s.Pattern.Kind == Kind.Signal && s.Start == hit.Start
                    && _groups[s.Pattern.Group].Family == DangerFamily.Violence
                    && hits.Exists(a => a.Pattern.Kind == Kind.Agent && Before(a, s, AgentReach) && !(!a.Certain && _weakAgents.Contains(a.Pattern.Text))
                        || a.Pattern.Kind == Kind.Passive && Before(a, s, PassiveReach))))
            {
                continue;
            }

            // Other senses do not compete with one another: "đánh rơi" stays claimed beside "rơi điện thoại".
            if (!claimed.Exists(c => c.Start < hit.End && hit.Start < c.End && (c.Pattern.Kind == Kind.Signal || hit.Pattern.Kind == Kind.Signal)))
            {
                claimed.Add(hit);
            }
        }

        return claimed;
    }

    private List<Hit> FindAll(List<VietnameseWord[]> tokens)
    {
        var hits = new List<Hit>();
        for (var start = 0; start < tokens.Count; start++)
        {
            foreach (var form in tokens[start])
            {
                if (!_byFirstKey.TryGetValue(form.Key, out var patterns))
                {
                    continue;
                }

                foreach (var pattern in patterns)
                {
                    if (Match(pattern, 0, tokens, start, out var end, out var exact) && !hits.Exists(h => ReferenceEquals(h.Pattern, pattern) && h.Start == start))
                    {
                        hits.Add(new Hit(pattern, start, end, exact && pattern.Marked));
                    }
                }
            }
        }

        return hits;
    }

    private static bool Match(Pattern pattern, int word, List<VietnameseWord[]> tokens, int at, out int end, out bool exact)
    {
        end = at;
        exact = true;
        if (word == pattern.Words.Length)
        {
            return true;
        }

        var expected = pattern.Words[word];
        if (expected is null)
        {
            for (var skip = 0; skip <= MaxGap && at + skip <= tokens.Count; skip++)
            {
                if (Match(pattern, word + 1, tokens, at + skip, out end, out exact))
                {
                    return true;
                }
            }

            return false;
        }

        if (at >= tokens.Count)
        {
            return false;
        }

        foreach (var form in tokens[at])
        {
            if (form.MayBe(expected.Value) && Match(pattern, word + 1, tokens, at + 1, out end, out exact))
            {
                exact &= string.Equals(form.Text, expected.Value.Text, StringComparison.Ordinal);
                return true;
            }
        }

        return false;
    }

    // The words of the message, each with what it may stand for: itself, an abbreviation's meanings, a word with
    // its held-down letter let go ("cứuuuu"), a teen spelling ("wá", "fải", "zậy", "kon").
    private List<VietnameseWord[]> Tokenize(string text)
    {
        var tokens = new List<VietnameseWord[]>();
        foreach (var word in TextMatching.Words(text))
        {
            var forms = new List<string> { word };
            AddSpellings(word, forms);
            if (_abbreviations.TryGetValue(word, out var meanings))
            {
                // A meaning of several words replaces the abbreviation ("bj" → "bây giờ"); one word joins it.
                if (meanings.FirstOrDefault(m => m.Length > 1) is { } phrase)
                {
                    tokens.AddRange(phrase.Select(w => new[] { VietnameseWord.Of(w) }));
                    continue;
                }

                forms.AddRange(meanings.Select(m => m[0]));
            }

            tokens.Add([.. forms.Distinct(StringComparer.Ordinal).Select(VietnameseWord.Of)]);
        }

        return tokens;
    }

    private static void AddSpellings(string word, List<string> forms)
    {
        if (word.Length < 2)
        {
            return;
        }

        var squeezed = TextMatching.Squeeze(word);
        if (!string.Equals(squeezed, word, StringComparison.Ordinal))
        {
            forms.Add(squeezed);
        }

        var respelled = word[0] switch
        {
            'f' => "ph" + word[1..],
            'w' => "qu" + word[1..],
            'z' => word.StartsWith("dz", StringComparison.Ordinal) ? word[1..] : "d" + word[1..],
            'j' => "gi" + word[1..],
            'k' when "aoơôuư".Contains(TextMatching.FoldLetter(word[1]), StringComparison.Ordinal) || "ơôư".Contains(word[1], StringComparison.Ordinal) => "c" + word[1..],
            _ => null,
        };
        if (respelled is not null)
        {
            forms.Add(respelled);
        }
    }

    private void Add(IEnumerable<string> phrases, Kind kind, int group, IReadOnlyDictionary<string, string[]> concepts, string? concept = null)
    {
        foreach (var (phrase, composed) in phrases.SelectMany(p => Expand(p, concepts).Select(e => (e, p.Contains('{', StringComparison.Ordinal)))))
        {
            var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(w => w == "*" ? (VietnameseWord?)null : VietnameseWord.Of(w.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant()))
                .ToArray();
            if (words.Length == 0 || words[0] is null)
            {
                throw new InvalidOperationException($"The danger phrase \"{phrase}\" is empty or starts with a gap.");
            }

            var pattern = new Pattern(words, kind, group, phrase, words.Any(w => w is { Marked: true }), composed, concept);
            var key = words[0]!.Value.Key;
            if (!_byFirstKey.TryGetValue(key, out var list))
            {
                _byFirstKey[key] = list = [];
            }

            list.Add(pattern);
        }
    }

    // "rơi xuống {water}" → "rơi xuống ao", "rơi xuống sông", ...
    private static IEnumerable<string> Expand(string phrase, IReadOnlyDictionary<string, string[]> concepts)
    {
        var open = phrase.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return [phrase];
        }

        var close = phrase.IndexOf('}', open);
        var name = phrase[(open + 1)..close];
        if (!concepts.TryGetValue(name, out var fillers))
        {
            throw new InvalidOperationException($"The danger phrase \"{phrase}\" names no concept \"{name}\".");
        }

        return fillers.SelectMany(f => Expand(phrase[..open] + f + phrase[(close + 1)..], concepts));
    }

    private static Kind? ConceptKind(string name) => name switch
    {
        "person" => Kind.Person,
        "body" => Kind.Body,
        "passive" => Kind.Passive,
        "link" => Kind.Link,
        "negation" => Kind.Negation,
        "urgent" => Kind.Urgent,
        "now" => Kind.Now,
        "specific" => Kind.Specific,
        "agent" => Kind.Agent,
        "child" => Kind.Child,
        "ongoing" => Kind.Ongoing,
        "threat" => Kind.Threat,
        "still" => Kind.Still,
        "later" => Kind.Later,
        _ => null,
    };

    private static Kind FrameKind(string name) => name switch
    {
        "teaching" => Kind.Teaching,
        "general" => Kind.General,
        "hypothetical" => Kind.Hypothetical,
        "unreal" => Kind.Unreal,
        "fiction" => Kind.Fiction,
        "ordinary" => Kind.Ordinary,
        "past" => Kind.Past,
        _ => throw new InvalidOperationException($"Unknown frame \"{name}\" in the danger rules."),
    };

    // A class, not a record: patterns are compared by reference, millions of times a day.
    private sealed class Pattern(VietnameseWord?[] words, Kind kind, int group, string text, bool marked, bool composed, string? concept)
    {
        /// <summary>For <see cref="Kind.Concept"/>: the concept a group needs somewhere in the message.</summary>
        public string? Concept { get; } = concept;

        /// <summary>Made of concepts ("{presence} * {edge}"): its words stand for a whole situation.</summary>
        public bool Composed { get; } = composed;

        public VietnameseWord?[] Words { get; } = words;

        public Kind Kind { get; } = kind;

        public int Group { get; } = group;

        public string Text { get; } = text;

        public bool Marked { get; } = marked;
    }

    private readonly record struct Hit(Pattern Pattern, int Start, int End, bool Certain);
}
