namespace GlobalObjectives.Metrics;

/// <summary>
/// Weighted confusion-matrix counts of a binary classifier at one decision threshold
/// (an example is predicted positive when its score is at least the threshold).
/// </summary>
/// <param name="TruePositives">Weight of positives predicted positive.</param>
/// <param name="FalsePositives">Weight of negatives predicted positive.</param>
/// <param name="TrueNegatives">Weight of negatives predicted negative.</param>
/// <param name="FalseNegatives">Weight of positives predicted negative.</param>
public readonly record struct ConfusionCounts(double TruePositives, double FalsePositives, double TrueNegatives, double FalseNegatives)
{
    /// <summary>Total weight of the positive examples (TP + FN).</summary>
    public double Positives => TruePositives + FalseNegatives;

    /// <summary>Total weight of the negative examples (FP + TN).</summary>
    public double Negatives => FalsePositives + TrueNegatives;

    /// <summary>Total weight of all examples (TP + FP + TN + FN).</summary>
    public double Total => Positives + Negatives;

    /// <summary>
    /// TP / (TP + FP). When nothing is predicted positive this is 0, as scikit-learn's <c>precision_score</c>
    /// returns with its default <c>zero_division</c>.
    /// </summary>
    public double Precision => TruePositives + FalsePositives > 0 ? TruePositives / (TruePositives + FalsePositives) : 0.0;

    /// <summary>TP / (TP + FN), the true-positive rate; NaN when there are no positives.</summary>
    public double Recall => Positives > 0 ? TruePositives / Positives : double.NaN;

    /// <summary>FP / (FP + TN); NaN when there are no negatives.</summary>
    public double FalsePositiveRate => Negatives > 0 ? FalsePositives / Negatives : double.NaN;

    /// <summary>TN / (TN + FP), the specificity (1 − FPR); NaN when there are no negatives.</summary>
    public double TrueNegativeRate => Negatives > 0 ? TrueNegatives / Negatives : double.NaN;

    /// <summary>TN / (TN + FP), the same as <see cref="TrueNegativeRate"/>.</summary>
    public double Specificity => TrueNegativeRate;

    /// <summary>FN / (FN + TP), the miss rate (1 − recall); NaN when there are no positives.</summary>
    public double FalseNegativeRate => Positives > 0 ? FalseNegatives / Positives : double.NaN;

    /// <summary>
    /// TN / (TN + FN), the negative predictive value. When nothing is predicted negative this is 0, the convention of
    /// <see cref="Precision"/> (scikit-learn's <c>zero_division</c> default) mirrored.
    /// </summary>
    public double NegativePredictiveValue => TrueNegatives + FalseNegatives > 0 ? TrueNegatives / (TrueNegatives + FalseNegatives) : 0.0;

    /// <summary>(TP + TN) / all examples; NaN when the total weight is 0.</summary>
    public double Accuracy => Total > 0 ? (TruePositives + TrueNegatives) / Total : double.NaN;

    /// <summary>
    /// Fβ = (1 + β²)·TP / ((1 + β²)·TP + β²·FN + FP) = (1 + β²)·TP / (β²·P + TP + FP). When that denominator is 0 (no
    /// positives and nothing predicted positive) this is 0, as scikit-learn's <c>fbeta_score</c> with its default
    /// <c>zero_division</c>.
    /// </summary>
    /// <param name="beta">β, positive and finite (1: the F1 score; recall weighs β times as much as precision).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is not positive and finite.</exception>
    public double FScore(double beta = 1.0)
    {
        if (!(beta > 0 && double.IsFinite(beta)))
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must be positive and finite.");
        double betaSquared = beta * beta;
        double denominator = betaSquared * Positives + TruePositives + FalsePositives;
        return denominator > 0 ? (1 + betaSquared) * TruePositives / denominator : 0.0;
    }
}
