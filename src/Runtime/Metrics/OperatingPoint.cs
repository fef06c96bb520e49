namespace GlobalObjectives.Metrics;

/// <summary>
/// One operating point of a binary classifier: the decision threshold (score ≥ threshold is predicted
/// positive) and the metrics it gives. <see cref="double.PositiveInfinity"/> as the threshold means
/// "predict nothing positive", the end point scikit-learn's curves add.
/// </summary>
/// <param name="Threshold">The decision threshold.</param>
/// <param name="Precision">TP / (TP + FP); 1 by scikit-learn's curve convention when nothing is predicted positive.</param>
/// <param name="Recall">TP / P, the true-positive rate.</param>
/// <param name="FalsePositiveRate">FP / N; NaN when the labels hold no negatives.</param>
/// <param name="TruePositives">Weight of positives predicted positive.</param>
/// <param name="FalsePositives">Weight of negatives predicted positive.</param>
public sealed record OperatingPoint(
    double Threshold,
    double Precision,
    double Recall,
    double FalsePositiveRate,
    double TruePositives,
    double FalsePositives);
