using System.Globalization;
using System.Security.Cryptography;
using ChildCare.Core.Directory.Danger;

namespace ChildCare.Core.Tests.Directory.Evaluation;

/// <summary>
/// Trains <see cref="DangerModel"/>: logistic regressions over <see cref="DangerFeatures"/> (features seen in at least five
/// training messages), by stochastic gradient descent with AdaGrad steps and a little L2, in an order fixed by a seeded
/// shuffle, so the same files give the same weights. The danger threshold is chosen on out-of-fold scores (5 folds of the
/// training rows), never on scores of what the model trained on: the one that maximises 2 × recall − false alarms,
/// because a missed emergency costs more than an extra line with three numbers.
/// </summary>
internal static class DangerModelTrainer
{
    /// <summary>The files the shipped model is trained on, in this order (danger-holdout3 is never one of them).</summary>
    public static readonly string[] ShippedFiles = ["danger-eval.tsv", "danger-holdout.tsv", "danger-dev-own.tsv", "danger-holdout2.tsv", "danger-train.tsv", "danger-dev-own2.tsv"];

    private const int Folds = 5;

    /// <summary>The settings of the shipped model, chosen by leave-one-file-out figures (DangerModelTests).</summary>
    public static TrainerSettings Settings { get; } = new(30, 0.5, 1e-4, 5, 2);

    private static int Epochs => Settings.Epochs;

    private static double Rate => Settings.Rate;

    private static double L2 => Settings.L2;

    private static int MinDocuments => Settings.MinDocuments;

    public static DangerModel TrainShipped(DangerRules rules) =>
        Train([.. ShippedFiles.Select(f => (f, DangerEvaluationTests.Read(f)))], rules, [.. ShippedFiles.Select(Source)]);

    public static DangerModelSource Source(string file)
    {
        var bytes = File.ReadAllBytes(DangerEvaluationTests.PathOf(file));
        var rows = DangerEvaluationTests.Read(file).Count;
        return new DangerModelSource(file, Convert.ToHexStringLower(SHA256.HashData(bytes)), rows);
    }

    public static DangerModel Train(IReadOnlyList<(string File, IReadOnlyList<EvaluationRow> Rows)> files, DangerRules rules, IReadOnlyList<DangerModelSource> sources)
    {
        var engine = new DangerEngine(rules);
        var rows = files.SelectMany(f => f.Rows).ToList();
        var featured = rows.Select(r => Featurise(engine, rules, r.Text)).ToList();
        var threshold = ChooseThreshold(rows, featured);
        var (bias, weights) = Fit(rows, featured);
        return new DangerModel(
            "Trained by DangerModelTrainer (tests/ChildCare.Core.Tests/Directory/Evaluation) on the files below; DangerModelTests retrains and compares.",
            sources,
            threshold,
            ["danger", "first115", .. DangerModel.Families.Select(f => f.ToString().ToLowerInvariant())],
            [.. bias.Select(Round)],
            weights);
    }

    public static IReadOnlyList<string> Featurise(DangerEngine engine, DangerRules rules, string text)
    {
        var evidence = new SortedSet<string>(StringComparer.Ordinal);
        engine.Detect(text, evidence);
        return DangerFeatures.Of(text, rules.Abbreviations, evidence);
    }

    // Out-of-fold danger scores for every training row, then the threshold that serves them best.
    private static double ChooseThreshold(List<EvaluationRow> rows, List<IReadOnlyList<string>> featured)
    {
        var scores = new double[rows.Count];
        for (var fold = 0; fold < Folds; fold++)
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => i % Folds != fold).ToList();
            var (bias, weights) = Fit([.. train.Select(i => rows[i])], [.. train.Select(i => featured[i])], headsWanted: 1);
            var model = new DangerModel("fold", [], 0.5, Heads, bias, weights);
            foreach (var i in Enumerable.Range(0, rows.Count).Where(i => i % Folds == fold))
            {
                scores[i] = model.Score(featured[i])[DangerModel.DangerHead];
            }
        }

        var danger = rows.Count(r => r.Danger);
        var calm = rows.Count - danger;
        var best = (Threshold: 0.5, Value: double.MinValue);
        for (var t = 0.05; t < 0.951; t += 0.01)
        {
            var threshold = Math.Round(t, 2);
            var recall = (double)Enumerable.Range(0, rows.Count).Count(i => rows[i].Danger && scores[i] >= threshold) / danger;
            var alarms = (double)Enumerable.Range(0, rows.Count).Count(i => !rows[i].Danger && scores[i] >= threshold) / calm;
            var value = Settings.RecallWeight * recall - alarms;
            if (value > best.Value + 1e-9)
            {
                best = (threshold, value);
            }
        }

        return best.Threshold;
    }

    private static readonly string[] Heads = ["danger", "first115", "violence", "sexual", "medical", "abduction", "selfharm"];

    private static (double[] Bias, Dictionary<string, double[]> Weights) Fit(List<EvaluationRow> rows, List<IReadOnlyList<string>> featured, int headsWanted = 7)
    {
        var documents = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var feature in featured.SelectMany(f => f))
        {
            documents[feature] = documents.GetValueOrDefault(feature) + 1;
        }

        var vocabulary = documents.Where(d => d.Value >= MinDocuments).Select(d => d.Key).Order(StringComparer.Ordinal).ToList();
        var index = vocabulary.Select((f, i) => (f, i)).ToDictionary(x => x.f, x => x.i, StringComparer.Ordinal);
        var vectors = featured.Select(f => (Indices: f.Where(index.ContainsKey).Select(x => index[x]).ToArray(), Scale: 1 / Math.Sqrt(Math.Max(1, f.Count)))).ToList();

        var bias = new double[Heads.Length];
        var weights = new double[Heads.Length][];
        for (var head = 0; head < Heads.Length; head++)
        {
            weights[head] = new double[vocabulary.Count];
            if (head >= headsWanted)
            {
                continue;
            }

            var examples = new List<(int Row, bool Label)>();
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (head == DangerModel.DangerHead)
                {
                    examples.Add((i, row.Danger));
                }
                else if (row.Danger && head == DangerModel.AmbulanceHead && row.Family is "violence" or "sexual")
                {
                    examples.Add((i, row.First == 115));
                }
                else if (row.Danger && head >= DangerModel.FirstFamilyHead)
                {
                    examples.Add((i, string.Equals(row.Family, Heads[head], StringComparison.Ordinal)));
                }
            }

            (bias[head], weights[head]) = FitHead(examples, vectors, vocabulary.Count, head == DangerModel.DangerHead);
        }

        var shipped = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (var f = 0; f < vocabulary.Count; f++)
        {
            var w = weights.Select(h => Round(h[f])).ToArray();
            if (w.Any(x => x != 0))
            {
                shipped[vocabulary[f]] = w;
            }
        }

        return (bias, shipped);
    }

    // Balanced: the danger head weighs danger and calm messages so that each class counts as much in all, whatever
    // the mix of the files (the training set's first half is all danger).
    private static (double Bias, double[] Weights) FitHead(List<(int Row, bool Label)> examples, List<(int[] Indices, double Scale)> vectors, int size, bool balanced)
    {
        var positives = examples.Count(e => e.Label);
        var negatives = examples.Count - positives;
        var positiveWeight = balanced && positives > 0 && negatives > 0 ? examples.Count / (2.0 * positives) : 1;
        var negativeWeight = balanced && positives > 0 && negatives > 0 ? examples.Count / (2.0 * negatives) : 1;
        var weights = new double[size];
        var squares = new double[size];
        var bias = 0.0;
        var biasSquares = 0.0;
        var random = new Random(15);
        var order = examples.ToArray();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var (row, label) in order)
            {
                var (indices, scale) = vectors[row];
                var z = bias;
                foreach (var i in indices)
                {
                    z += weights[i] * scale;
                }

                var gradient = (DangerModel.Sigmoid(z) - (label ? 1 : 0)) * (label ? positiveWeight : negativeWeight);
                biasSquares += gradient * gradient;
                bias -= Rate * gradient / Math.Sqrt(biasSquares + 1e-8);
                foreach (var i in indices)
                {
                    var g = gradient * scale + L2 * weights[i];
                    squares[i] += g * g;
                    weights[i] -= Rate * g / Math.Sqrt(squares[i] + 1e-8);
                }
            }
        }

        return (bias, weights);
    }

    private static double Round(double x) => Math.Round(x, 3, MidpointRounding.ToEven);

    public static string Describe(IEnumerable<DangerModelSource> sources) =>
        string.Join(", ", sources.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.File} ({s.Rows} rows)")));
}

internal sealed record TrainerSettings(int Epochs, double Rate, double L2, int MinDocuments, double RecallWeight, double RuleThreshold = DangerDetector.RuleThreshold);
