namespace GlobalObjectives.Metrics;

/// <summary>
/// A precision-recall curve with scikit-learn's <c>precision_recall_curve</c> layout: <see cref="Thresholds"/>
/// are the distinct scores in increasing order; <see cref="Precision"/>[i] and <see cref="Recall"/>[i] are the
/// metrics of predicting <c>score ≥ Thresholds[i]</c>; both have one extra last element, precision 1 and
/// recall 0, for predicting nothing positive.
/// </summary>
/// <param name="Precision">Precision per threshold, then 1; length <c>Thresholds.Count + 1</c>.</param>
/// <param name="Recall">Recall per threshold (non-increasing), then 0; length <c>Thresholds.Count + 1</c>.</param>
/// <param name="Thresholds">The distinct scores, increasing.</param>
public sealed record PrecisionRecallCurve(
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<double> Thresholds);

/// <summary>
/// A receiver-operating-characteristic curve with scikit-learn's <c>roc_curve</c> layout: the first point is
/// (0, 0) at threshold +∞ (scikit-learn ≥ 1.3 uses <c>np.inf</c> too); then one point per distinct score in
/// decreasing order, each the rates of predicting <c>score ≥ threshold</c>.
/// </summary>
/// <param name="FalsePositiveRates">FPR per point, non-decreasing from 0 to 1.</param>
/// <param name="TruePositiveRates">TPR per point, non-decreasing from 0 to 1.</param>
/// <param name="Thresholds">+∞, then the distinct scores (or the kept subset of them), decreasing.</param>
public sealed record RocCurve(
    IReadOnlyList<double> FalsePositiveRates,
    IReadOnlyList<double> TruePositiveRates,
    IReadOnlyList<double> Thresholds);

/// <summary>The operating point chosen by the seed example's metric, <see cref="BinaryMetrics.PrecisionAtRecallByPercentile(double[], double[], double)"/>.</summary>
/// <param name="Threshold">The linear-interpolation percentile of the positives' scores at 100·(1 − r).</param>
/// <param name="Precision">The precision of predicting <c>score ≥ Threshold</c>.</param>
/// <param name="Recall">The recall actually reached at that threshold (it can fall below r on small sets: the interpolated threshold may pass over the lowest positive scores).</param>
public sealed record PercentileOperatingPoint(double Threshold, double Precision, double Recall);
