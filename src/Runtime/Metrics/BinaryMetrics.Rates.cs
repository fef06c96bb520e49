namespace GlobalObjectives.Metrics;

// The remaining confusion-matrix metrics at a threshold, and the partial area under the ROC curve.
public static partial class BinaryMetrics
{
    /// <summary>True-negative rate (specificity) of predicting <c>score ≥ threshold</c>: TN / N = 1 − FPR.</summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no negative.</exception>
    public static double TrueNegativeRateAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
    {
        var counts = CountsAt(scores, labels, threshold, sampleWeights);
        if (!(counts.Negatives > 0)) throw NoNegatives(nameof(labels), "the true-negative rate");
        return counts.TrueNegativeRate;
    }

    /// <summary>False-negative rate (miss rate) of predicting <c>score ≥ threshold</c>: FN / P = 1 − recall.</summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels hold no positive.</exception>
    public static double FalseNegativeRateAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
    {
        var counts = CountsAt(scores, labels, threshold, sampleWeights);
        if (!(counts.Positives > 0)) throw NoPositives(nameof(labels), "the false-negative rate");
        return counts.FalseNegativeRate;
    }

    /// <summary>
    /// Negative predictive value of predicting <c>score ≥ threshold</c>: TN / (TN + FN), or 0 when nothing is predicted
    /// negative (the <see cref="PrecisionAt"/> convention, mirrored).
    /// </summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid.</exception>
    public static double NegativePredictiveValueAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
        => CountsAt(scores, labels, threshold, sampleWeights).NegativePredictiveValue;

    /// <summary>Accuracy of predicting <c>score ≥ threshold</c>: (TP + TN) / total weight, as scikit-learn's <c>accuracy_score</c>.</summary>
    /// <inheritdoc cref="CountsAt(double[], double[], double, double[])" path="/param"/>
    /// <exception cref="ArgumentException">The inputs are invalid, or every weight is 0.</exception>
    public static double AccuracyAt(double[] scores, double[] labels, double threshold, double[]? sampleWeights = null)
    {
        var counts = CountsAt(scores, labels, threshold, sampleWeights);
        if (!(counts.Total > 0))
            throw new ArgumentException("Every sample weight is 0; accuracy needs at least one example with weight.", nameof(sampleWeights));
        return counts.Accuracy;
    }

    /// <summary>
    /// Fβ of predicting <c>score ≥ threshold</c>: (1 + β²)·TP / (β²·P + TP + FP), or 0 when that denominator is 0 (no
    /// positives and nothing predicted positive), as scikit-learn's <c>fbeta_score</c> with its default <c>zero_division</c>.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="threshold">The decision threshold (±∞ allowed, NaN is not).</param>
    /// <param name="beta">β, positive and finite (1: F1; recall weighs β times as much as precision).</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not positive and finite.</exception>
    /// <exception cref="ArgumentException">The inputs are invalid.</exception>
    public static double FScoreAt(double[] scores, double[] labels, double threshold, double beta = 1.0, double[]? sampleWeights = null)
    {
        if (!(beta > 0 && double.IsFinite(beta)))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be positive and finite.");
        return CountsAt(scores, labels, threshold, sampleWeights).FScore(beta);
    }

    /// <summary>
    /// The raw partial area under the ROC curve between false-positive rates <paramref name="minFalsePositiveRate"/> and
    /// <paramref name="maxFalsePositiveRate"/>: ∫ TPR(f) df over [lo, hi] on the piecewise-linear curve of
    /// <see cref="RocCurve(double[], double[], double[], bool)"/> (the trapezoidal curve of <see cref="RocAuc(double[], double[], double[])"/>,
    /// ties between a positive and a negative being a diagonal segment), interpolated linearly where lo and hi fall
    /// inside a segment. It lies in [0, hi − lo]; [0, 1] gives <see cref="RocAuc(double[], double[], double[])"/>.
    /// <see cref="NormalizedPartialRocAuc(double[], double[], double, double, double[])"/> divides it by hi − lo. Neither is scikit-learn's
    /// <c>roc_auc_score(max_fpr=…)</c>, which applies the McClish standardization; that function's intermediate
    /// (unstandardized) area is this one with lo = 0.
    /// </summary>
    /// <param name="scores">Finite scores, one per example.</param>
    /// <param name="labels">0 or 1, one per score.</param>
    /// <param name="minFalsePositiveRate">lo, in [0, 1).</param>
    /// <param name="maxFalsePositiveRate">hi, in (lo, 1].</param>
    /// <param name="sampleWeights">Null (all 1) or finite non-negative weights, one per score.</param>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside [0, 1], NaN, or empty (lo ≥ hi).</exception>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels lack positives or negatives.</exception>
    public static double PartialRocAuc(double[] scores, double[] labels, double minFalsePositiveRate, double maxFalsePositiveRate, double[]? sampleWeights = null)
    {
        CheckRate(minFalsePositiveRate, nameof(minFalsePositiveRate));
        CheckRate(maxFalsePositiveRate, nameof(maxFalsePositiveRate));
        if (!(minFalsePositiveRate < maxFalsePositiveRate))
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate), maxFalsePositiveRate,
                $"maxFalsePositiveRate must exceed minFalsePositiveRate ({MessageText.Number(minFalsePositiveRate)}); the range [lo, hi] is empty.");
        var curve = BuildWithBothClasses(scores, labels, sampleWeights, "partial ROC-AUC");
        double area = 0, previousFpr = 0, previousTpr = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            double fpr = curve.FalsePositives[i] / curve.Negatives;
            double tpr = curve.TruePositives[i] / curve.Positives;
            double from = Math.Max(previousFpr, minFalsePositiveRate), to = Math.Min(fpr, maxFalsePositiveRate);
            if (fpr > previousFpr && from < to)
            {
                double slope = (tpr - previousTpr) / (fpr - previousFpr);
                double tprFrom = previousTpr + slope * (from - previousFpr);
                double tprTo = previousTpr + slope * (to - previousFpr);
                area += (to - from) * (tprFrom + tprTo) / 2;
            }
            previousFpr = fpr;
            previousTpr = tpr;
        }
        return area;
    }

    /// <summary>
    /// <see cref="PartialRocAuc(double[], double[], double, double, double[])"/> divided by hi − lo: the mean TPR over
    /// the false-positive-rate range, in [0, 1] (1 for a perfect ranking, (lo + hi)/2 for a random one). The anchored
    /// partial ROC-AUC loss approximates this normalization (the mean over its anchors).
    /// </summary>
    /// <inheritdoc cref="PartialRocAuc(double[], double[], double, double, double[])" path="/param"/>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside [0, 1], NaN, or empty (lo ≥ hi).</exception>
    /// <exception cref="ArgumentException">The inputs are invalid, or the labels lack positives or negatives.</exception>
    public static double NormalizedPartialRocAuc(double[] scores, double[] labels, double minFalsePositiveRate, double maxFalsePositiveRate, double[]? sampleWeights = null)
        => PartialRocAuc(scores, labels, minFalsePositiveRate, maxFalsePositiveRate, sampleWeights) / (maxFalsePositiveRate - minFalsePositiveRate);
}
