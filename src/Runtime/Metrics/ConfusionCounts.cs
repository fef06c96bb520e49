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

    /// <summary>
    /// TP / (TP + FP). When nothing is predicted positive this is 0, as scikit-learn's <c>precision_score</c>
    /// returns with its default <c>zero_division</c>.
    /// </summary>
    public double Precision => TruePositives + FalsePositives > 0 ? TruePositives / (TruePositives + FalsePositives) : 0.0;

    /// <summary>TP / (TP + FN), the true-positive rate; NaN when there are no positives.</summary>
    public double Recall => Positives > 0 ? TruePositives / Positives : double.NaN;

    /// <summary>FP / (FP + TN); NaN when there are no negatives.</summary>
    public double FalsePositiveRate => Negatives > 0 ? FalsePositives / Negatives : double.NaN;
}
