namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// The rule engine and the learned scorer together. A message of fewer than <see cref="ModelMinWords"/> words is
/// the rules' alone. For longer ones the rules read the message for phrases and frames
/// (<see cref="DangerEngine"/>); what they found, by kind, joins the message's words and letter runs as features of
/// <see cref="DangerModel"/>, whose danger head decides: at or above the shipped threshold the message is danger. The
/// family and the number to call first come from the rules when a danger phrase counted, else from the model's heads
/// (115 first for medical danger and self-harm, 113 for abduction; for violence and sexual abuse the 115 head says).
/// </summary>
internal sealed class DangerDetector(DangerRules rules, DangerModel model, double? ruleThreshold = null, bool modelFamily = false)
{
    /// <summary>
    /// When a danger phrase counted, the model overrules it only when it is this sure of calm: the rules know
    /// situations a few hundred training messages do not ("e muốn chết" alone).
    /// </summary>
    public const double RuleThreshold = 0.35;

    /// <summary>
    /// The model reads messages of at least this many words. Of the 1,000-odd training and development messages fewer
    /// than 20 are shorter: on "bấm nút gửi" or "I want to kill myself" it knows nothing, and the rules, written
    /// and tested phrase by phrase on short messages, decide alone.
    /// </summary>
    public const int ModelMinWords = 15;

    private readonly double _ruleThreshold = ruleThreshold ?? RuleThreshold;

    private readonly DangerEngine _engine = new(rules);

    public DangerModel Model { get; } = model;

    public DangerResult Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var evidence = new SortedSet<string>(StringComparer.Ordinal);
        var (byRules, hints) = _engine.Read(text, evidence);
        if (TextMatching.Words(text).Count < ModelMinWords)
        {
            return byRules with { Evidence = [.. evidence, "short", byRules.IsDanger ? "rules:danger" : "rules:calm"] };
        }

        var scores = Model.Score(DangerFeatures.Of(text, rules.Abbreviations, evidence));
        var score = scores[DangerModel.DangerHead];
        IReadOnlyCollection<string> explained = [.. evidence, byRules.IsDanger ? "rules:danger" : "rules:calm"];
        if (score < (byRules.IsDanger ? Math.Min(_ruleThreshold, Model.Threshold) : Model.Threshold))
        {
            return DangerResult.Calm with { Score = score, Evidence = explained };
        }

        if (byRules.IsDanger && !modelFamily)
        {
            return byRules with { Score = score, Evidence = explained };
        }

        var best = 0;
        for (var i = 1; i < DangerModel.Families.Length; i++)
        {
            if (scores[DangerModel.FirstFamilyHead + i] > scores[DangerModel.FirstFamilyHead + best])
            {
                best = i;
            }
        }

        var family = DangerModel.Families[best];
        var first = family switch
        {
            DangerFamily.Medical or DangerFamily.SelfHarm => EmergencyLine.Ambulance,
            DangerFamily.Abduction => EmergencyLine.Police,
            _ => scores[DangerModel.AmbulanceHead] >= 0.5 ? EmergencyLine.Ambulance : EmergencyLine.Police,
        };
        return hints.On(new DangerResult(family, first, null) { Score = score, Evidence = explained });
    }
}
