using System.Text.Json;

namespace ChildCare.Core.Directory.Danger;

/// <summary>
/// The learned part of the detector: logistic regressions over <see cref="DangerFeatures"/>, trained by
/// DangerModelTrainer (tests) on the files named in <see cref="TrainedOn"/> and shipped as DangerModel.json. Head 0
/// says danger; head 1 says 115 rather than 113 for a danger message; the others say the family, one against the rest,
/// in the order of <see cref="Heads"/>. A test retrains from the same files and checks these weights.
/// </summary>
internal sealed record DangerModel(
    string Source,
    IReadOnlyList<DangerModelSource> TrainedOn,
    double Threshold,
    IReadOnlyList<string> Heads,
    IReadOnlyList<double> Bias,
    IReadOnlyDictionary<string, double[]> Weights)
{
    public const string Resource = "ChildCare.Core.Directory.Danger.DangerModel.json";

    public const int DangerHead = 0;

    public const int AmbulanceHead = 1;

    public const int FirstFamilyHead = 2;

    public static readonly DangerFamily[] Families =
        [DangerFamily.Violence, DangerFamily.Sexual, DangerFamily.Medical, DangerFamily.Abduction, DangerFamily.SelfHarm];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static DangerModel Shipped()
    {
        using var stream = typeof(DangerModel).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The resource {Resource} is missing from ChildCare.Core.");
        return Read(stream);
    }

    public static DangerModel Read(Stream json)
    {
        var model = JsonSerializer.Deserialize<DangerModel>(json, Options) ?? throw new InvalidOperationException("The danger model is empty.");
        if (model.Bias.Count != model.Heads.Count || model.Weights.Values.Any(w => w.Length != model.Heads.Count)
            || model.Heads.Count != FirstFamilyHead + Families.Length)
        {
            throw new InvalidOperationException("The danger model's heads, biases and weights do not agree.");
        }

        return model;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The probability of each head for a message's features (features the model never saw weigh nothing).</summary>
    public double[] Score(IReadOnlyList<string> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var sums = Bias.ToArray();
        var scale = features.Count == 0 ? 0 : 1 / Math.Sqrt(features.Count);
        foreach (var feature in features)
        {
            if (Weights.TryGetValue(feature, out var weights))
            {
                for (var head = 0; head < sums.Length; head++)
                {
                    sums[head] += weights[head] * scale;
                }
            }
        }

        return [.. sums.Select(Sigmoid)];
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}

/// <summary>A file the model was trained on, with its SHA-256 so a test can tell when the file changed.</summary>
internal sealed record DangerModelSource(string File, string Sha256, int Rows);
