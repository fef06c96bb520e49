namespace GlobalObjectives.Runtime.Tests.Support;

/// <summary>Weighted counts at logit 0 (predicted positive iff x &gt; 0), counted by hand from arrays.</summary>
internal readonly record struct HandCounts(double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives)
{
    public double Positives => TruePositives + FalseNegatives;

    public double Negatives => FalsePositives + TrueNegatives;

    public double Weight => Positives + Negatives;

    /// <summary>Counts column <paramref name="label"/> of row-major [B, L] logits and labels, with per-example weights (null: 1).</summary>
    public static HandCounts Of(double[] logits, double[] labels, double[]? weights, int numLabels, int label)
    {
        double tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < logits.Length / numLabels; i++)
        {
            double x = logits[i * numLabels + label], y = labels[i * numLabels + label], w = weights?[i] ?? 1.0;
            bool predicted = x > 0;
            if (y == 1) { if (predicted) tp += w; else fn += w; }
            else { if (predicted) fp += w; else tn += w; }
        }
        return new HandCounts(tp, fp, tn, fn);
    }

    public HandCounts Plus(HandCounts other)
        => new(TruePositives + other.TruePositives, FalsePositives + other.FalsePositives, TrueNegatives + other.TrueNegatives, FalseNegatives + other.FalseNegatives);

    /// <summary>
    /// The projected-ascent signal of one constraint with the indicator signal, written in each metric's own count form
    /// (not through the coefficient table), with the normalizers of docs/dual-updates.md.
    /// </summary>
    public double Signal(Metric metric, double target, double prior, double beta = 1.0)
    {
        double tp = TruePositives, fp = FalsePositives, tn = TrueNegatives, fn = FalseNegatives;
        double p = Positives, n = Negatives, w = Weight;
        double expectedPositives = Math.Max(prior, 1e-3) * w, expectedNegatives = Math.Max(1 - prior, 1e-3) * w;
        if (w == 0) return 0;
        switch (metric)
        {
            case Metric.Precision:
                return tp + fp > 0 ? target - tp / (tp + fp) : -(1 - target);
            case Metric.Recall or Metric.TruePositiveRate:
                return (target * p - tp) / expectedPositives;
            case Metric.FalseNegativeRate:
                return (fn - target * p) / expectedPositives;
            case Metric.FalsePositiveRate:
                return (fp - target * n) / expectedNegatives;
            case Metric.TrueNegativeRate or Metric.Specificity:
                return (target * n - tn) / expectedNegatives;
            case Metric.NegativePredictiveValue:
                return tn + fn > 0 ? target - tn / (tn + fn) : -(1 - target);
            case Metric.Accuracy:
                return target - (tp + tn) / w;
            case Metric.FScore:
                double b2 = beta * beta;
                return (target * (b2 * p + tp + fp) - (1 + b2) * tp) / (b2 * expectedPositives + tp + fp);
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, null);
        }
    }
}
