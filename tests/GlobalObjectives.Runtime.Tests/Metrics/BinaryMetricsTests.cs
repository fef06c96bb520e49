using GlobalObjectives.Metrics;

namespace GlobalObjectives.Runtime.Tests.Metrics;

/// <summary>
/// Exact metrics against values worked out by hand with scikit-learn's definitions (the working is in the
/// comments), including tied scores, weights and single-class labels.
/// </summary>
public sealed class BinaryMetricsTests
{
    private const double Tolerance = 1e-12;

    // scikit-learn's documentation example for precision_recall_curve / roc_curve / roc_auc_score.
    private static readonly double[] DocScores = [0.1, 0.4, 0.35, 0.8];
    private static readonly double[] DocLabels = [0, 0, 1, 1];

    // Ties: by decreasing score the groups are 0.9 {+,-}, 0.7 {+}, 0.5 {-,+,-}, 0.2 {-,+};
    // cumulative (TP, FP) = (1,1), (2,1), (3,3), (4,4); P = N = 4.
    private static readonly double[] TieScores = [0.9, 0.9, 0.7, 0.5, 0.5, 0.5, 0.2, 0.2];
    private static readonly double[] TieLabels = [1, 0, 1, 0, 1, 0, 0, 1];

    private static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(
                expected[i] == actual[i] || Math.Abs(expected[i] - actual[i]) <= Tolerance,
                $"element {i}: expected {expected[i]}, got {actual[i]} (all: [{string.Join(", ", actual)}])");
    }

    [Fact]
    public void PrecisionRecallCurve_MatchesScikitLearnDocumentationExample()
    {
        var curve = BinaryMetrics.PrecisionRecallCurve(DocScores, DocLabels);
        Equal([0.5, 2.0 / 3, 0.5, 1.0, 1.0], curve.Precision);
        Equal([1.0, 1.0, 0.5, 0.5, 0.0], curve.Recall);
        Equal([0.1, 0.35, 0.4, 0.8], curve.Thresholds);
    }

    [Fact]
    public void AveragePrecision_MatchesScikitLearnDocumentationExample()
    {
        // Decreasing thresholds: recall 0.5 at precision 1, 0.5 (no step), 1.0 at 2/3, 1.0 (no step):
        // 0.5·1 + 0.5·(2/3) = 5/6.
        Assert.Equal(5.0 / 6, BinaryMetrics.AveragePrecision(DocScores, DocLabels), 12);
    }

    [Fact]
    public void RocCurve_MatchesScikitLearnDocumentationExample()
    {
        var curve = BinaryMetrics.RocCurve(DocScores, DocLabels);
        Equal([0, 0, 0.5, 0.5, 1], curve.FalsePositiveRates);
        Equal([0, 0.5, 0.5, 1, 1], curve.TruePositiveRates);
        Equal([double.PositiveInfinity, 0.8, 0.4, 0.35, 0.1], curve.Thresholds);
        Assert.Equal(0.75, BinaryMetrics.RocAuc(DocScores, DocLabels), 12);
    }

    [Fact]
    public void PrecisionRecallCurve_TiedScoresFormOnePoint()
    {
        var curve = BinaryMetrics.PrecisionRecallCurve(TieScores, TieLabels);
        // Increasing thresholds 0.2, 0.5, 0.7, 0.9: (TP, FP) = (4,4), (3,3), (2,1), (1,1).
        Equal([0.2, 0.5, 0.7, 0.9], curve.Thresholds);
        Equal([0.5, 0.5, 2.0 / 3, 0.5, 1.0], curve.Precision);
        Equal([1.0, 0.75, 0.5, 0.25, 0.0], curve.Recall);
    }

    [Fact]
    public void AveragePrecision_WithTies_IsTheStepSum()
    {
        // Steps of 0.25 recall at precisions 1/2, 2/3, 1/2, 1/2: 0.25·(13/6) = 13/24.
        Assert.Equal(13.0 / 24, BinaryMetrics.AveragePrecision(TieScores, TieLabels), 12);
    }

    [Fact]
    public void RocCurveAndAuc_WithTies_CountTiesHalf()
    {
        var curve = BinaryMetrics.RocCurve(TieScores, TieLabels);
        Equal([0, 0.25, 0.25, 0.75, 1], curve.FalsePositiveRates);
        Equal([0, 0.25, 0.5, 0.75, 1], curve.TruePositiveRates);
        Equal([double.PositiveInfinity, 0.9, 0.7, 0.5, 0.2], curve.Thresholds);
        // Pairs won by each positive (ties ½): 0.9 → 3.5, 0.7 → 3, 0.5 → 2, 0.2 → 0.5; 9 of 16 pairs.
        Assert.Equal(9.0 / 16, BinaryMetrics.RocAuc(TieScores, TieLabels), 12);
    }

    [Fact]
    public void RocCurve_DropIntermediate_RemovesCollinearPointsLikeScikitLearn()
    {
        double[] scores = [5, 4, 3, 2, 1];
        double[] labels = [1, 1, 1, 0, 0];
        // (TP, FP) = (1,0), (2,0), (3,0), (3,1), (3,2): the second differences vanish at 4 and 2.
        var full = BinaryMetrics.RocCurve(scores, labels);
        Assert.Equal(6, full.Thresholds.Count);
        var dropped = BinaryMetrics.RocCurve(scores, labels, dropIntermediate: true);
        Equal([double.PositiveInfinity, 5, 3, 1], dropped.Thresholds);
        Equal([0, 0, 0, 1], dropped.FalsePositiveRates);
        Equal([0, 1.0 / 3, 1, 1], dropped.TruePositiveRates);
        Assert.Equal(1.0, BinaryMetrics.RocAuc(scores, labels), 12);
    }

    [Fact]
    public void CountsAt_ThresholdOnATie_PredictsTheWholeGroupPositive()
    {
        var counts = BinaryMetrics.CountsAt(TieScores, TieLabels, 0.5);
        Assert.Equal(new ConfusionCounts(3, 3, 1, 1), counts);
        Assert.Equal(0.5, BinaryMetrics.PrecisionAt(TieScores, TieLabels, 0.5));
        Assert.Equal(0.75, BinaryMetrics.RecallAt(TieScores, TieLabels, 0.5));
        Assert.Equal(0.75, BinaryMetrics.FalsePositiveRateAt(TieScores, TieLabels, 0.5));
    }

    [Fact]
    public void PrecisionAt_NothingPredictedPositive_IsZeroLikePrecisionScore()
    {
        Assert.Equal(0.0, BinaryMetrics.PrecisionAt(TieScores, TieLabels, 0.95));
        Assert.Equal(0.0, BinaryMetrics.RecallAt(TieScores, TieLabels, 0.95));
        Assert.Equal(0.0, BinaryMetrics.FalsePositiveRateAt(TieScores, TieLabels, double.PositiveInfinity));
        Assert.Equal(1.0, BinaryMetrics.RecallAt(TieScores, TieLabels, double.NegativeInfinity));
    }

    [Theory]
    // Points (threshold: precision, recall) = 0.9: 1/2, 1/4; 0.7: 2/3, 1/2; 0.5: 1/2, 3/4; 0.2: 1/2, 1.
    [InlineData(0.6, 0.7, 2.0 / 3, 0.5)]
    [InlineData(2.0 / 3, 0.7, 2.0 / 3, 0.5)]   // "at least": exactly 2/3 qualifies
    [InlineData(0.5, 0.2, 0.5, 1.0)]
    [InlineData(0.0, 0.2, 0.5, 1.0)]
    [InlineData(0.9, double.PositiveInfinity, 1.0, 0.0)] // unreachable: predict nothing
    public void RecallAtPrecision_PicksTheHighestRecallReachingThePrecision(
        double minPrecision, double threshold, double precision, double recall)
    {
        var point = BinaryMetrics.RecallAtPrecision(TieScores, TieLabels, minPrecision);
        Assert.Equal(threshold, point.Threshold);
        Assert.Equal(precision, point.Precision, 12);
        Assert.Equal(recall, point.Recall, 12);
    }

    [Fact]
    public void RecallAtPrecision_EqualRecall_PrefersTheHigherPrecision()
    {
        // Scores 4 (+), 3 (-), 2 (-): recall 1 at threshold 4 (precision 1), 3 (1/2) and 2 (1/3).
        var point = BinaryMetrics.RecallAtPrecision([4, 3, 2], [1, 0, 0], 0.0);
        Assert.Equal(4, point.Threshold);
        Assert.Equal(1.0, point.Precision);
        Assert.Equal(new OperatingPoint(4, 1, 1, 0, 1, 0), point);
    }

    [Theory]
    [InlineData(0.3, 0.7, 2.0 / 3, 0.5)]
    [InlineData(0.5, 0.7, 2.0 / 3, 0.5)]       // "at least": exactly 0.5 qualifies
    [InlineData(0.75, 0.2, 0.5, 1.0)]          // 0.5 and 0.2 tie at precision 1/2: the higher recall wins
    [InlineData(1.0, 0.2, 0.5, 1.0)]
    [InlineData(0.0, double.PositiveInfinity, 1.0, 0.0)] // recall 0 admits the "predict nothing" point
    public void PrecisionAtRecall_PicksTheHighestPrecisionReachingTheRecall(
        double minRecall, double threshold, double precision, double recall)
    {
        var point = BinaryMetrics.PrecisionAtRecall(TieScores, TieLabels, minRecall);
        Assert.Equal(threshold, point.Threshold);
        Assert.Equal(precision, point.Precision, 12);
        Assert.Equal(recall, point.Recall, 12);
    }

    [Theory]
    // ROC points (threshold: FPR, TPR) = 0.9: 1/4, 1/4; 0.7: 1/4, 1/2; 0.5: 3/4, 3/4; 0.2: 1, 1.
    [InlineData(0.25, 0.7, 0.25, 0.5)]          // "at most": exactly 1/4 qualifies
    [InlineData(0.5, 0.7, 0.25, 0.5)]
    [InlineData(0.75, 0.5, 0.75, 0.75)]
    [InlineData(0.0, double.PositiveInfinity, 0.0, 0.0)]
    [InlineData(1.0, 0.2, 1.0, 1.0)]
    public void TruePositiveRateAtFalsePositiveRate_PicksTheHighestTprWithinTheFpr(
        double maxFpr, double threshold, double fpr, double tpr)
    {
        var point = BinaryMetrics.TruePositiveRateAtFalsePositiveRate(TieScores, TieLabels, maxFpr);
        Assert.Equal(threshold, point.Threshold);
        Assert.Equal(fpr, point.FalsePositiveRate, 12);
        Assert.Equal(tpr, point.Recall, 12);
    }

    [Fact]
    public void TruePositiveRateAtFalsePositiveRate_EqualTpr_PrefersTheLowerFpr()
    {
        // Scores 3 (+), 2 (-), 1 (-): TPR 1 at FPR 0, 1/2 and 1.
        var point = BinaryMetrics.TruePositiveRateAtFalsePositiveRate([3, 2, 1], [1, 0, 0], 1.0);
        Assert.Equal(3, point.Threshold);
        Assert.Equal(0.0, point.FalsePositiveRate);
    }

    [Fact]
    public void Weights_ActLikeRepeatedExamples()
    {
        double[] scores = [0.8, 0.6, 0.4, 0.2];
        double[] labels = [1, 0, 1, 0];
        double[] weights = [2, 1, 1, 3];
        double[] repeatedScores = [0.8, 0.8, 0.6, 0.4, 0.2, 0.2, 0.2];
        double[] repeatedLabels = [1, 1, 0, 1, 0, 0, 0];

        // (TP, FP) by decreasing score: (2,0), (2,1), (3,1), (3,4); AP = (2/3)·1 + (1/3)·(3/4) = 11/12.
        Assert.Equal(11.0 / 12, BinaryMetrics.AveragePrecision(scores, labels, weights), 12);
        // Weighted pairs won: 0.8 beats all 4 negative weight (×2) = 8, 0.4 beats 0.2 (×3) = 3; 11 of 3·4.
        Assert.Equal(11.0 / 12, BinaryMetrics.RocAuc(scores, labels, weights), 12);

        Assert.Equal(BinaryMetrics.RocAuc(repeatedScores, repeatedLabels), BinaryMetrics.RocAuc(scores, labels, weights), 12);
        var weighted = BinaryMetrics.PrecisionRecallCurve(scores, labels, weights);
        var repeated = BinaryMetrics.PrecisionRecallCurve(repeatedScores, repeatedLabels);
        Equal(repeated.Precision, weighted.Precision);
        Equal(repeated.Recall, weighted.Recall);
        Equal(repeated.Thresholds, weighted.Thresholds);
        Assert.Equal(new ConfusionCounts(3, 1, 3, 0), BinaryMetrics.CountsAt(scores, labels, 0.4, weights));
        var point = BinaryMetrics.PrecisionAtRecall(scores, labels, 0.9, weights);
        Assert.Equal(new OperatingPoint(0.4, 0.75, 1.0, 0.25, 3, 1), point);
    }

    [Fact]
    public void ZeroWeightExamples_AreIgnoredLikeScikitLearn()
    {
        // The zero-weight score 0.5 must not become a threshold.
        var curve = BinaryMetrics.PrecisionRecallCurve([0.8, 0.5, 0.2], [1, 1, 0], [1, 0, 1]);
        Equal([0.2, 0.8], curve.Thresholds);
        Equal([0.5, 1, 1], curve.Precision);
        Equal([1, 1, 0], curve.Recall);
    }

    [Fact]
    public void AllPositiveLabels_PrecisionRecallIsDefined_RocThrows()
    {
        double[] scores = [0.2, 0.7];
        double[] labels = [1, 1];
        var curve = BinaryMetrics.PrecisionRecallCurve(scores, labels);
        Equal([1, 1, 1], curve.Precision);
        Equal([1, 0.5, 0], curve.Recall);
        Assert.Equal(1.0, BinaryMetrics.AveragePrecision(scores, labels));

        var roc = Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc(scores, labels));
        Assert.Equal("labels", roc.ParamName);
        Assert.Contains("no negative", roc.Message);
        Assert.Throws<ArgumentException>(() => BinaryMetrics.RocCurve(scores, labels));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.TruePositiveRateAtFalsePositiveRate(scores, labels, 0.1));
        Assert.Throws<ArgumentException>(() => BinaryMetrics.FalsePositiveRateAt(scores, labels, 0.5));
    }

    [Fact]
    public void AllNegativeLabels_Throw()
    {
        double[] scores = [0.2, 0.7];
        double[] labels = [0, 0];
        foreach (var call in new Action[]
        {
            () => BinaryMetrics.PrecisionRecallCurve(scores, labels),
            () => BinaryMetrics.AveragePrecision(scores, labels),
            () => BinaryMetrics.RocCurve(scores, labels),
            () => BinaryMetrics.RocAuc(scores, labels),
            () => BinaryMetrics.RecallAtPrecision(scores, labels, 0.5),
            () => BinaryMetrics.PrecisionAtRecall(scores, labels, 0.5),
            () => BinaryMetrics.RecallAt(scores, labels, 0.5),
            () => BinaryMetrics.PrecisionAtRecallByPercentile(scores, labels, 0.98),
        })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Equal("labels", error.ParamName);
            Assert.Contains("no positive", error.Message);
        }
        // Defined without positives: precision (0, nothing is a true positive) and the FPR.
        Assert.Equal(0.0, BinaryMetrics.PrecisionAt(scores, labels, 0.5));
        Assert.Equal(0.5, BinaryMetrics.FalsePositiveRateAt(scores, labels, 0.5));
    }

    [Fact]
    public void BadInputs_ThrowNamingTheArgumentAndTheValue()
    {
        var label = Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([0.1, 0.2], [1, 0.5]));
        Assert.Equal("labels", label.ParamName);
        Assert.Contains("labels[1] is 0.5", label.Message);

        var score = Assert.Throws<ArgumentException>(() => BinaryMetrics.AveragePrecision([0.1, double.NaN], [1, 0]));
        Assert.Equal("scores", score.ParamName);
        Assert.Contains("scores[1] is NaN", score.Message);

        var length = Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([0.1, 0.2, 0.3], [1, 0]));
        Assert.Equal("labels", length.ParamName);
        Assert.Contains("2 element(s) but scores has 3", length.Message);

        var weight = Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([0.1, 0.2], [1, 0], [1, -2]));
        Assert.Equal("sampleWeights", weight.ParamName);
        Assert.Contains("sampleWeights[1] is -2", weight.Message);

        Assert.Equal("sampleWeights", Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([0.1, 0.2], [1, 0], [0, 0])).ParamName);
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => BinaryMetrics.RocAuc([], [])).ParamName);
        Assert.Equal("threshold", Assert.Throws<ArgumentException>(() => BinaryMetrics.CountsAt([1], [1], double.NaN)).ParamName);
        Assert.Equal("minPrecision",
            Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.RecallAtPrecision([1, 0], [1, 0], 1.5)).ParamName);
        Assert.Equal("minRecall",
            Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.PrecisionAtRecall([1, 0], [1, 0], double.NaN)).ParamName);
        Assert.Equal("maxFalsePositiveRate",
            Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.TruePositiveRateAtFalsePositiveRate([1, 0], [1, 0], -0.1)).ParamName);
        Assert.Throws<ArgumentNullException>(() => BinaryMetrics.RocAuc(null!, [1.0]));
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 2.0, 1.06)]      // virtual index 3·0.02 = 0.06
    [InlineData(new double[] { 4, 1, 3, 2 }, 75.0, 3.25)]     // unsorted input; index 2.25
    [InlineData(new double[] { 10, 20 }, 50.0, 15.0)]
    [InlineData(new double[] { 0, 10 }, 90.0, 9.0)]           // t ≥ 0.5 branch of numpy's lerp
    [InlineData(new double[] { 3, 1, 2 }, 100.0, 3.0)]
    [InlineData(new double[] { 3, 1, 2 }, 0.0, 1.0)]
    [InlineData(new double[] { 5 }, 37.0, 5.0)]
    public void Percentile_MatchesNumpyLinear(double[] values, double percent, double expected)
        => Assert.Equal(expected, BinaryMetrics.Percentile(values, percent), 12);

    [Fact]
    public void Percentile_RejectsBadInput()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => BinaryMetrics.Percentile([], 50)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => BinaryMetrics.Percentile([1, double.PositiveInfinity], 50)).ParamName);
        Assert.Equal("percent", Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMetrics.Percentile([1], 101)).ParamName);
    }

    [Fact]
    public void PrecisionAtRecallByPercentile_ReproducesTheSeedExampleMetric()
    {
        // Positives 0.1, 0.3, 0.5, 0.7, 0.9; negatives 0.05, 0.12, 0.2, 0.95.
        double[] scores = [0.1, 0.12, 0.5, 0.2, 0.9, 0.95, 0.3, 0.05, 0.7];
        double[] labels = [1, 0, 1, 0, 1, 0, 1, 0, 1];

        // r = 0.98: np.percentile(positives, 100 − 98 = 2) → index 4·0.02 = 0.08 → 0.1 + 0.08·0.2 = 0.116;
        // predicted ≥ 0.116: positives 0.3, 0.5, 0.7, 0.9 (the interpolated threshold passes over the lowest
        // positive 0.1, so the recall reached is 0.8, not 0.98) and negatives 0.12, 0.2, 0.95 → precision 4/7.
        var seed = BinaryMetrics.PrecisionAtRecallByPercentile(scores, labels, 0.98);
        Assert.Equal(0.116, seed.Threshold, 12);
        Assert.Equal(4.0 / 7, seed.Precision, 12);
        Assert.Equal(0.8, seed.Recall, 12);

        // r = 0.75: 25th percentile → index 1 → 0.3; predicted: 0.3, 0.5, 0.7, 0.9 and 0.95 → 4/5.
        var quarter = BinaryMetrics.PrecisionAtRecallByPercentile(scores, labels, 0.75);
        Assert.Equal(0.3, quarter.Threshold, 12);
        Assert.Equal(0.8, quarter.Precision, 12);
        Assert.Equal(0.8, quarter.Recall, 12);
    }

    [Fact]
    public void RandomTiedScores_AgreeWithBruteForceDefinitions()
    {
        var random = new Random(20260127);
        for (int trial = 0; trial < 25; trial++)
        {
            int n = random.Next(2, 40);
            var scores = new double[n];
            var labels = new double[n];
            var weights = new double[n];
            for (int i = 0; i < n; i++)
            {
                scores[i] = random.Next(0, 8) / 4.0; // few distinct values: many ties
                labels[i] = random.Next(2);
                weights[i] = random.Next(1, 4);
            }
            labels[0] = 1;
            labels[1] = 0;

            // ROC-AUC = weighted share of (positive, negative) pairs ordered correctly, ties ½.
            double won = 0, pairs = 0;
            for (int p = 0; p < n; p++)
                for (int q = 0; q < n; q++)
                {
                    if (labels[p] != 1 || labels[q] != 0) continue;
                    double w = weights[p] * weights[q];
                    pairs += w;
                    won += scores[p] > scores[q] ? w : scores[p] == scores[q] ? w / 2 : 0;
                }
            Assert.Equal(won / pairs, BinaryMetrics.RocAuc(scores, labels, weights), 10);

            // Every curve point equals the counts at its threshold; AP is the step sum over them.
            var curve = BinaryMetrics.PrecisionRecallCurve(scores, labels, weights);
            double ap = 0;
            for (int k = curve.Thresholds.Count - 1; k >= 0; k--)
            {
                var counts = BinaryMetrics.CountsAt(scores, labels, curve.Thresholds[k], weights);
                Assert.Equal(counts.Precision, curve.Precision[k], 12);
                Assert.Equal(counts.Recall, curve.Recall[k], 12);
                ap += (curve.Recall[k] - curve.Recall[k + 1]) * curve.Precision[k];
            }
            Assert.Equal(ap, BinaryMetrics.AveragePrecision(scores, labels, weights), 12);

            // The operating-point searches agree with a scan of every distinct score.
            var distinct = scores.Distinct().ToArray();
            double bestPrecisionAtHalfRecall = distinct
                .Select(t => BinaryMetrics.CountsAt(scores, labels, t, weights))
                .Where(c => c.Recall >= 0.5)
                .Max(c => c.Precision);
            Assert.Equal(bestPrecisionAtHalfRecall, BinaryMetrics.PrecisionAtRecall(scores, labels, 0.5, weights).Precision, 12);
            double bestRecallAtPrecision = distinct
                .Select(t => BinaryMetrics.CountsAt(scores, labels, t, weights))
                .Where(c => c.Precision >= 0.6)
                .Select(c => c.Recall)
                .DefaultIfEmpty(0)
                .Max();
            Assert.Equal(bestRecallAtPrecision, BinaryMetrics.RecallAtPrecision(scores, labels, 0.6, weights).Recall, 12);
            double bestTpr = distinct
                .Select(t => BinaryMetrics.CountsAt(scores, labels, t, weights))
                .Where(c => c.FalsePositiveRate <= 0.3)
                .Select(c => c.Recall)
                .DefaultIfEmpty(0)
                .Max();
            Assert.Equal(bestTpr, BinaryMetrics.TruePositiveRateAtFalsePositiveRate(scores, labels, 0.3, weights).Recall, 12);
        }
    }
}
