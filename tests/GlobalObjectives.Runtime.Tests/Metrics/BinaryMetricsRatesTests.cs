using GlobalObjectives.Metrics;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests.Metrics;

/// <summary>TNR, FNR, NPV, accuracy and Fβ at a threshold, and the partial ROC-AUC, against values worked out by hand.</summary>
public sealed class BinaryMetricsRatesTests
{
    // Ties: by decreasing score the groups are 0.9 {+,-}, 0.7 {+}, 0.5 {-,+,-}, 0.2 {-,+}; P = N = 4.
    private static readonly double[] TieScores = [0.9, 0.9, 0.7, 0.5, 0.5, 0.5, 0.2, 0.2];
    private static readonly double[] TieLabels = [1, 0, 1, 0, 1, 0, 0, 1];

    // Alternating: 0.9 +, 0.8 −, 0.7 +, 0.6 −, 0.5 +, 0.4 −. ROC points (0, 0), (0, 1/3), (1/3, 1/3), (1/3, 2/3),
    // (2/3, 2/3), (2/3, 1), (1, 1): TPR is 1/3 on FPR (0, 1/3), 2/3 on (1/3, 2/3), 1 on (2/3, 1); AUC = 6/9.
    private static readonly double[] StepScores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    private static readonly double[] StepLabels = [1, 0, 1, 0, 1, 0];

    // A positive and a negative tied at 0.5: points (0, 0), (0, 1/2), (1/2, 1), (1, 1), the middle segment diagonal,
    // TPR(f) = 1/2 + f on [0, 1/2]; AUC = 1/2·3/4 + 1/2 = 7/8.
    private static readonly double[] DiagonalScores = [0.9, 0.5, 0.5, 0.1];
    private static readonly double[] DiagonalLabels = [1, 1, 0, 0];

    [Fact]
    public void RatesAtAThreshold()
    {
        // At 0.5: TP 3, FP 3, TN 1, FN 1.
        Assert.Equal(0.25, BinaryMetrics.TrueNegativeRateAt(TieScores, TieLabels, 0.5), 15);
        Assert.Equal(0.25, BinaryMetrics.FalseNegativeRateAt(TieScores, TieLabels, 0.5), 15);
        Assert.Equal(0.5, BinaryMetrics.NegativePredictiveValueAt(TieScores, TieLabels, 0.5), 15);
        Assert.Equal(0.5, BinaryMetrics.AccuracyAt(TieScores, TieLabels, 0.5), 15);
        Assert.Equal(6.0 / 10, BinaryMetrics.FScoreAt(TieScores, TieLabels, 0.5), 15);              // 2·3 / (4 + 3 + 3)
        Assert.Equal(15.0 / 22, BinaryMetrics.FScoreAt(TieScores, TieLabels, 0.5, beta: 2), 15);    // 5·3 / (16 + 3 + 3)
        // At 0.7: TP 2, FP 1, TN 3, FN 2.
        Assert.Equal(0.75, BinaryMetrics.TrueNegativeRateAt(TieScores, TieLabels, 0.7), 15);
        Assert.Equal(0.5, BinaryMetrics.FalseNegativeRateAt(TieScores, TieLabels, 0.7), 15);
        Assert.Equal(0.6, BinaryMetrics.NegativePredictiveValueAt(TieScores, TieLabels, 0.7), 15);
        Assert.Equal(0.625, BinaryMetrics.AccuracyAt(TieScores, TieLabels, 0.7), 15);
        Assert.Equal(1.25 * 2 / (0.25 * 4 + 3), BinaryMetrics.FScoreAt(TieScores, TieLabels, 0.7, beta: 0.5), 15);
    }

    [Fact]
    public void RatesAtAThresholdWithWeightsEqualRepeatedExamples()
    {
        double[] scores = [0.8, 0.6, 0.4, 0.2];
        double[] labels = [1, 0, 1, 0];
        double[] weights = [2, 1, 3, 0.5];
        double[] repeatedScores = [0.8, 0.8, 0.6, 0.4, 0.4, 0.4];
        double[] repeatedLabels = [1, 1, 0, 1, 1, 1];
        // At 0.5 weighted: TP 2, FP 1, TN 0.5, FN 3.
        Assert.Equal(0.5 / 1.5, BinaryMetrics.TrueNegativeRateAt(scores, labels, 0.5, weights), 15);
        Assert.Equal(3.0 / 5, BinaryMetrics.FalseNegativeRateAt(scores, labels, 0.5, weights), 15);
        Assert.Equal(0.5 / 3.5, BinaryMetrics.NegativePredictiveValueAt(scores, labels, 0.5, weights), 15);
        Assert.Equal(2.5 / 6.5, BinaryMetrics.AccuracyAt(scores, labels, 0.5, weights), 15);
        Assert.Equal(4.0 / (5 + 2 + 1), BinaryMetrics.FScoreAt(scores, labels, 0.5, sampleWeights: weights), 15);
        Assert.Equal(3.0 / 5, BinaryMetrics.FalseNegativeRateAt(repeatedScores, repeatedLabels, 0.5), 15);
        Assert.Equal(4.0 / 8, BinaryMetrics.FScoreAt(repeatedScores, repeatedLabels, 0.5), 15);
    }

    [Fact]
    public void DegenerateRatesFollowTheDocumentedConventions()
    {
        // Nothing predicted negative: NPV 0 (precision's zero_division convention, mirrored).
        Assert.Equal(0.0, BinaryMetrics.NegativePredictiveValueAt(TieScores, TieLabels, double.NegativeInfinity));
        // No positives and nothing predicted positive: Fβ 0 (fbeta_score's zero_division).
        Assert.Equal(0.0, BinaryMetrics.FScoreAt([0.1, 0.2], [0, 0], 0.5));
        var noPositives = Assert.Throws<ArgumentException>(() => BinaryMetrics.FalseNegativeRateAt([0.1, 0.2], [0, 0], 0.5));
        Assert.Contains("no positive", noPositives.Message, StringComparison.Ordinal);
        var noNegatives = Assert.Throws<ArgumentException>(() => BinaryMetrics.TrueNegativeRateAt([0.1, 0.2], [1, 1], 0.5));
        Assert.Contains("no negative", noNegatives.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BinaryMetrics.AccuracyAt([0.1, 0.2], [1, 0], 0.5, [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.FScoreAt(TieScores, TieLabels, 0.5, beta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.FScoreAt(TieScores, TieLabels, 0.5, beta: double.NaN));
    }

    [Fact]
    public void PartialRocAucIsTheAreaBetweenTheFprBounds()
    {
        // [0, 1/2]: 1/3·1/3 + (1/2 − 1/3)·2/3 = 1/9 + 1/9 = 2/9; normalized 4/9.
        Assert.Equal(2.0 / 9, BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0, 0.5), 15);
        Assert.Equal(4.0 / 9, BinaryMetrics.NormalizedPartialRocAuc(StepScores, StepLabels, 0, 0.5), 15);
        // [0.2, 0.5]: (1/3 − 0.2)·1/3 + 1/9 = 2/45 + 5/45 = 7/45; normalized 7/45 / 0.3 = 14/27.
        Assert.Equal(7.0 / 45, BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0.2, 0.5), 15);
        Assert.Equal(14.0 / 27, BinaryMetrics.NormalizedPartialRocAuc(StepScores, StepLabels, 0.2, 0.5), 14);
        // A range inside one flat step: TPR 2/3 over [0.4, 0.6].
        Assert.Equal(0.2 * 2 / 3, BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0.4, 0.6), 15);
        // The whole range is the ROC-AUC.
        Assert.Equal(BinaryMetrics.RocAuc(StepScores, StepLabels), BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0, 1), 15);
        Assert.Equal(2.0 / 3, BinaryMetrics.NormalizedPartialRocAuc(StepScores, StepLabels, 0, 1), 15);
    }

    [Fact]
    public void PartialRocAucInterpolatesInsideADiagonalSegment()
    {
        // ∫ (1/2 + f) df over [0.1, 0.3] = 0.2·0.5 + (0.09 − 0.01)/2 = 0.14; normalized 0.7.
        Assert.Equal(0.14, BinaryMetrics.PartialRocAuc(DiagonalScores, DiagonalLabels, 0.1, 0.3), 15);
        Assert.Equal(0.7, BinaryMetrics.NormalizedPartialRocAuc(DiagonalScores, DiagonalLabels, 0.1, 0.3), 14);
        // Across the corner at f = 1/2: ∫ over [0.4, 0.5] of (1/2 + f) = 0.1·0.5 + (0.25 − 0.16)/2 = 0.095, plus 0.1·1 on [0.5, 0.6].
        Assert.Equal(0.195, BinaryMetrics.PartialRocAuc(DiagonalScores, DiagonalLabels, 0.4, 0.6), 15);
        Assert.Equal(7.0 / 8, BinaryMetrics.PartialRocAuc(DiagonalScores, DiagonalLabels, 0, 1), 15);
        // Weights: the negative at 0.1 twice as heavy moves the curve to (0, 1/2), (1/3, 1), (1, 1); on [0, 1/3] TPR = 1/2 + 3f/2,
        // so [0, 1/2] holds 1/6 + 3/4·1/9 = 1/4, plus 1/6 at TPR 1: 5/12, as with the negative repeated.
        Assert.Equal(5.0 / 12, BinaryMetrics.PartialRocAuc(DiagonalScores, DiagonalLabels, 0, 0.5, [1, 1, 1, 2]), 15);
        Assert.Equal(5.0 / 12, BinaryMetrics.PartialRocAuc([0.9, 0.5, 0.5, 0.1, 0.1], [1, 1, 0, 0, 0], 0, 0.5), 15);
    }

    [Fact]
    public void PartialRocAucValidatesItsRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0.5, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0.6, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.PartialRocAuc(StepScores, StepLabels, -0.1, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0, 1.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.NormalizedPartialRocAuc(StepScores, StepLabels, double.NaN, 0.5));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.PartialRocAuc([0.1, 0.2], [1, 1], 0, 0.5));
    }

    [Fact]
    public void TensorOverloadsMatchTheArrays()
    {
        var scores = tensor(StepScores.Select(s => (float)s).ToArray());
        var labels = tensor(StepLabels.Select(l => l == 1).ToArray());
        Assert.Equal(BinaryMetrics.PartialRocAuc(StepScores, StepLabels, 0.2, 0.5), BinaryMetrics.PartialRocAuc(scores, labels, 0.2, 0.5), 12);
        Assert.Equal(BinaryMetrics.NormalizedPartialRocAuc(StepScores, StepLabels, 0.2, 0.5), BinaryMetrics.NormalizedPartialRocAuc(scores, labels, 0.2, 0.5), 12);
    }
}
