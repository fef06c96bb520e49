
namespace GlobalObjectives.Metrics;

/// <summary>
/// The cumulative counts behind every curve, as scikit-learn's <c>_binary_clf_curve</c> computes them:
/// examples sorted by decreasing score, one entry per distinct score (the last example of each tie group),
/// holding the weighted true and false positives of predicting <c>score ≥ that score</c>.
/// Zero-weight examples are dropped first, as scikit-learn does.
/// </summary>
internal sealed class BinaryCurve
{
    private BinaryCurve(double[] thresholds, double[] truePositives, double[] falsePositives)
    {
        Thresholds = thresholds;
        TruePositives = truePositives;
        FalsePositives = falsePositives;
    }

    /// <summary>The distinct scores, decreasing.</summary>
    public double[] Thresholds { get; }

    /// <summary>Weighted true positives at each threshold (non-decreasing).</summary>
    public double[] TruePositives { get; }

    /// <summary>Weighted false positives at each threshold (non-decreasing).</summary>
    public double[] FalsePositives { get; }

    /// <summary>Number of distinct thresholds.</summary>
    public int Count => Thresholds.Length;

    /// <summary>Total weight of the positives.</summary>
    public double Positives => TruePositives[^1];

    /// <summary>Total weight of the negatives.</summary>
    public double Negatives => FalsePositives[^1];

    /// <summary>TP / (TP + FP) at index <paramref name="i"/> (every kept group has positive weight, so the denominator is positive).</summary>
    public double PrecisionAt(int i) => TruePositives[i] / (TruePositives[i] + FalsePositives[i]);

    /// <summary>Validates the inputs and builds the cumulative counts.</summary>
    public static BinaryCurve Build(double[] scores, double[] labels, double[]? sampleWeights)
    {
        Validate(scores, labels, sampleWeights);
        int n = scores.Length;
        var order = new int[n];
        var keys = new double[n];
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            if (sampleWeights is not null && sampleWeights[i] == 0) continue;
            order[kept] = i;
            keys[kept] = -scores[i];
            kept++;
        }
        if (kept == 0)
            throw new ArgumentException("Every sample weight is 0; at least one example must carry weight.", nameof(sampleWeights));

        // Ascending sort of the negated scores = descending scores; the order inside a tie group does not
        // matter because only the cumulative sums at the end of each group are kept.
        Array.Sort(keys, order, 0, kept);

        var thresholds = new List<double>();
        var tps = new List<double>();
        var fps = new List<double>();
        double tp = 0, fp = 0;
        for (int j = 0; j < kept; j++)
        {
            int i = order[j];
            double w = sampleWeights?[i] ?? 1.0;
            if (labels[i] == 1) tp += w; else fp += w;
            bool lastOfGroup = j == kept - 1 || keys[j + 1] != keys[j];
            if (lastOfGroup)
            {
                thresholds.Add(scores[i]);
                tps.Add(tp);
                fps.Add(fp);
            }
        }
        return new BinaryCurve(thresholds.ToArray(), tps.ToArray(), fps.ToArray());
    }

    /// <summary>Checks lengths and values; every message names the argument, the value seen and what is expected.</summary>
    public static void Validate(double[] scores, double[] labels, double[]? sampleWeights)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Length == 0)
            throw new ArgumentException("scores is empty; at least one example is needed.", nameof(scores));
        if (labels.Length != scores.Length)
            throw new ArgumentException(
                $"labels has {labels.Length} element(s) but scores has {scores.Length}; expected one label per score.", nameof(labels));
        if (sampleWeights is not null && sampleWeights.Length != scores.Length)
            throw new ArgumentException(
                $"sampleWeights has {sampleWeights.Length} element(s) but scores has {scores.Length}; expected one weight per score.",
                nameof(sampleWeights));
        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"scores[{i}] is {MessageText.Number(scores[i])}; scores must be finite.", nameof(scores));
            if (labels[i] is not (0.0 or 1.0))
                throw new ArgumentException($"labels[{i}] is {MessageText.Number(labels[i])}; expected 0 or 1 (binary labels).", nameof(labels));
            if (sampleWeights is not null && !(sampleWeights[i] >= 0 && double.IsFinite(sampleWeights[i])))
                throw new ArgumentException(
                    $"sampleWeights[{i}] is {MessageText.Number(sampleWeights[i])}; weights must be finite and non-negative.", nameof(sampleWeights));
        }
    }
}
