using GlobalObjectives.TrainingQuality.Evaluation;

namespace GlobalObjectives.TrainingQuality.Tests;

/// <summary>Threshold counts, the operating-point sweep and the AUCs (full and partial), on hand-computed examples.</summary>
public sealed class ScoresTests
{
    // The hand example used throughout (scores exactly representable, so thresholds compare exactly):
    //
    //   score  3   2   2   1   0   0  -1
    //   label  +   -   +   -   +   -   -        P = 3, N = 4
    //
    // Distinct scores 3 > 2 > 1 > 0 > -1; sweeping from "predict nothing" to "predict everything", each tie group is
    // one step, and the threshold is midway to the next distinct score (top + 1 first, lowest - 1 last):
    //
    //   point  threshold  TP  FP  recall  precision  FPR
    //   p0      4          0   0   0       1 (none)   0
    //   p1      2.5        1   0   1/3     1          0
    //   p2      1.5        2   1   2/3     2/3        1/4
    //   p3      0.5        2   2   2/3     1/2        1/2
    //   p4     -0.5        3   3   1       1/2        3/4
    //   p5     -2          3   4   1       3/7        1
    internal static Scores HandExample() =>
        new([3f, 2f, 2f, 1f, 0f, 0f, -1f], [1f, 0f, 1f, 0f, 1f, 0f, 0f]);

    internal static readonly (int Tp, int Fp, double Threshold)[] HandPoints =
        [(0, 0, 4.0), (1, 0, 2.5), (2, 1, 1.5), (2, 2, 0.5), (3, 3, -0.5), (3, 4, -2.0)];

    [Fact]
    public void Constructor_CountsPositivesAndNegatives()
    {
        var scores = HandExample();
        Assert.Equal(7, scores.Count);
        Assert.Equal(3, scores.Positives);
        Assert.Equal(4, scores.Negatives);
    }

    [Theory]
    // threshold  TP FP: "score > threshold" is positive, so the examples tied at the threshold are negative.
    [InlineData(3.0, 0, 0)]   // nothing is above the top score
    [InlineData(2.0, 1, 0)]   // only 3; both 2s are ties, counted negative
    [InlineData(1.999, 2, 1)] // 3, 2+, 2-
    [InlineData(1.0, 2, 1)]   // the 1 (-) is a tie
    [InlineData(0.0, 2, 2)]   // 3, 2+, 2-, 1-; the 0s are ties
    [InlineData(-0.5, 3, 3)]
    [InlineData(-1.0, 3, 3)]  // the -1 (-) is a tie
    [InlineData(-1.5, 3, 4)]  // everything
    public void At_CountsScoresAboveTheThreshold_TiesAreNegative(double threshold, int tp, int fp)
    {
        var counts = HandExample().At(threshold);
        Assert.Equal(new Confusion(tp, fp, 3, 4), counts);
    }

    [Fact]
    public void Confusion_Rates()
    {
        // TP 6, FP 2 of P 10, N 20: recall 6/10, FPR 2/20, precision 6/8, 8 of 30 predicted positive.
        var counts = new Confusion(6, 2, 10, 20);
        Assert.Equal(0.6, counts.Recall, 12);
        Assert.Equal(0.1, counts.FalsePositiveRate, 12);
        Assert.Equal(0.75, counts.Precision, 12);
        Assert.Equal(8.0 / 30.0, counts.PredictedPositiveRate, 12);

        // Predicting nothing: precision is vacuously 1, nothing predicted positive.
        var nothing = new Confusion(0, 0, 10, 20);
        Assert.Equal(1.0, nothing.Precision);
        Assert.Equal(0.0, nothing.Recall);
        Assert.Equal(0.0, nothing.PredictedPositiveRate);

        // No positives / no negatives: the rates are 0 rather than NaN.
        Assert.Equal(0.0, new Confusion(0, 3, 0, 5).Recall);
        Assert.Equal(0.0, new Confusion(3, 0, 5, 0).FalsePositiveRate);
    }

    [Fact]
    public void OperatingPoints_RunFromNothingToEverything_TiesFormOneStep()
    {
        var points = HandExample().OperatingPoints().ToList();

        // 5 distinct scores give 5 steps after "predict nothing": the tied 2s and the tied 0s are one step each.
        Assert.Equal(HandPoints.Length, points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            Assert.Equal(new Confusion(HandPoints[i].Tp, HandPoints[i].Fp, 3, 4), points[i].Counts);
            Assert.Equal(HandPoints[i].Threshold, points[i].Threshold);
        }
    }

    [Fact]
    public void OperatingPoints_ThresholdsReproduceTheirPointsThroughAt()
    {
        var hand = HandExample();
        foreach (var (counts, threshold) in hand.OperatingPoints())
            Assert.Equal(counts, hand.At(threshold));

        // Many ties, negative and positive scores: every point is reproduced, TP and FP never decrease, and the
        // sweep ends at "predict everything".
        var random = new Random(11);
        int n = 300;
        var values = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 6 - 3, 1)).ToArray();
        var labels = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.3 ? 1f : 0f).ToArray();
        var scores = new Scores(values, labels);
        var points = scores.OperatingPoints().ToList();
        Assert.Equal(values.Distinct().Count() + 1, points.Count);
        Assert.Equal(new Confusion(0, 0, scores.Positives, scores.Negatives), points[0].Counts);
        Assert.Equal(new Confusion(scores.Positives, scores.Negatives, scores.Positives, scores.Negatives), points[^1].Counts);
        for (int i = 0; i < points.Count; i++)
        {
            Assert.Equal(points[i].Counts, scores.At(points[i].Threshold));
            if (i == 0) continue;
            Assert.True(points[i].Threshold < points[i - 1].Threshold);
            Assert.True(points[i].Counts.TruePositives >= points[i - 1].Counts.TruePositives);
            Assert.True(points[i].Counts.FalsePositives >= points[i - 1].Counts.FalsePositives);
            Assert.True(points[i].Counts.TruePositives + points[i].Counts.FalsePositives
                        > points[i - 1].Counts.TruePositives + points[i - 1].Counts.FalsePositives);
        }
    }

    [Fact]
    public void OperatingPoints_ThresholdsReproduceTheirPoints_EvenForHugeScores()
    {
        // Around ±1e20, ±1 is below a double's resolution: "lowest score − 1" would equal the lowest score, and that
        // score, a tie, would then count as negative: "predict everything" would not be reproduced.
        var scores = new Scores([1e20f, 5f, -1e20f], [1f, 0f, 0f]);
        var points = scores.OperatingPoints().ToList();
        Assert.Equal(4, points.Count);
        Assert.Equal(new Confusion(1, 2, 1, 2), points[^1].Counts);
        foreach (var (counts, threshold) in points)
            Assert.Equal(counts, scores.At(threshold));
    }

    [Fact]
    public void AveragePrecision_OfTheHandExample()
    {
        // Steps that add recall (see the table): p1 +1/3 at precision 1, p2 +1/3 at 2/3, p4 +1/3 at 1/2
        // (p3 and p5 only add false positives). AP = 1/3 + 2/9 + 1/6 = 13/18.
        Assert.Equal(13.0 / 18.0, HandExample().AveragePrecision(), 12);
    }

    [Fact]
    public void AveragePrecision_WithTies_UsesThePrecisionOfTheWholeTieGroup()
    {
        // score 1 1 1 1 0, labels + + - - +: the tied group adds recall 2/3 at precision 2/4; then the 0 adds
        // 1/3 at precision 3/5. AP = 2/3 · 1/2 + 1/3 · 3/5 = 1/3 + 1/5 = 8/15 (not 2/3 · 1 as "positives first" would give).
        var scores = new Scores([1f, 1f, 1f, 1f, 0f], [1f, 1f, 0f, 0f, 1f]);
        Assert.Equal(8.0 / 15.0, scores.AveragePrecision(), 12);

        // Perfect ranking: 1. Everything tied: the positive rate.
        Assert.Equal(1.0, new Scores([3f, 2f, 1f, 0f], [1f, 1f, 0f, 0f]).AveragePrecision(), 12);
        Assert.Equal(0.25, new Scores([0.5f, 0.5f, 0.5f, 0.5f], [0f, 1f, 0f, 0f]).AveragePrecision(), 12);
    }

    [Fact]
    public void RocAuc_OfTheHandExample_TiesCountHalf()
    {
        // Pairs (positive, negative), 3 · 4 = 12 in all; a win counts 1, a tie 1/2:
        //   positive 3: beats 2, 1, 0, -1                      4
        //   positive 2: ties 2, beats 1, 0, -1                 3.5
        //   positive 0: loses to 2 and 1, ties 0, beats -1     1.5
        // ROC-AUC = 9 / 12 = 0.75.
        Assert.Equal(0.75, HandExample().RocAuc(), 12);

        Assert.Equal(1.0, new Scores([3f, 2f, 1f, 0f], [1f, 1f, 0f, 0f]).RocAuc(), 12);
        Assert.Equal(0.0, new Scores([3f, 2f, 1f, 0f], [0f, 0f, 1f, 1f]).RocAuc(), 12);
        Assert.Equal(0.5, new Scores([1f, 1f, 1f], [1f, 0f, 0f]).RocAuc(), 12); // all tied
    }

    [Fact]
    public void RocAuc_MatchesABruteForcePairCount_AndAveragePrecisionItsPerPositiveDefinition()
    {
        var random = new Random(42);
        int n = 400;
        // One decimal: many ties, within and across the classes.
        var values = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 4 - 2, 1)).ToArray();
        var labels = values.Select(v => random.NextDouble() < 0.2 + 0.15 * (v + 2) ? 1f : 0f).ToArray();
        var scores = new Scores(values, labels);

        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++)
        {
            if (labels[i] != 1f) continue;
            for (int j = 0; j < n; j++)
            {
                if (labels[j] != 0f) continue;
                pairs++;
                if (values[i] > values[j]) wins += 1.0;
                else if (values[i] == values[j]) wins += 0.5;
            }
        }
        Assert.Equal(scores.Positives * scores.Negatives, pairs);
        Assert.Equal(wins / pairs, scores.RocAuc(), 12);

        // AP as the mean over positives of the precision among the examples scored at least as high (tie group included).
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            if (labels[i] != 1f) continue;
            int atLeast = 0, positivesAtLeast = 0;
            for (int j = 0; j < n; j++)
            {
                if (values[j] < values[i]) continue;
                atLeast++;
                if (labels[j] == 1f) positivesAtLeast++;
            }
            sum += (double)positivesAtLeast / atLeast;
        }
        Assert.Equal(sum / scores.Positives, scores.AveragePrecision(), 12);
    }

    [Theory]
    // The hand example's ROC curve (FPR, TPR): (0, 0) → (0, 1/3) → (1/4, 2/3) → (1/2, 2/3) → (3/4, 1) → (1, 1).
    //   [0, 0.1]:   on the segment (0, 1/3)–(1/4, 2/3), slope 4/3: TPR 1/3 at 0 and 7/15 at 0.1, area 0.1 · (1/3 + 7/15)/2 = 0.04 → 0.4
    //   [0, 0.25]:  the whole segment, area 0.25 · (1/3 + 2/3)/2 = 0.125 → 0.5
    //   [0.25, 0.5]: flat at 2/3 → 2/3
    //   [0.1, 0.6]: 0.15 · (7/15 + 2/3)/2 + 0.25 · 2/3 + 0.1 · (2/3 + 4/5)/2 = 0.085 + 1/6 + 11/150 = 0.325 → 0.65
    //   [0, 1]:     the ROC-AUC, 0.75
    [InlineData(0.0, 0.1, 0.4)]
    [InlineData(0.0, 0.25, 0.5)]
    [InlineData(0.25, 0.5, 2.0 / 3)]
    [InlineData(0.1, 0.6, 0.65)]
    [InlineData(0.0, 1.0, 0.75)]
    public void NormalizedPartialRocAuc_OfTheHandExample(double lo, double hi, double expected)
    {
        Assert.Equal(expected, HandExample().NormalizedPartialRocAuc(lo, hi), 12);
    }

    [Fact]
    public void NormalizedPartialRocAuc_MatchesTheRuntimesMetric_AndIsRocAucOverTheWholeRange()
    {
        var random = new Random(7);
        int n = 500;
        // One decimal: many ties, within and across the classes (a tie group is one diagonal segment in both).
        var values = Enumerable.Range(0, n).Select(_ => (float)Math.Round(random.NextDouble() * 4 - 2, 1)).ToArray();
        var labels = values.Select(v => random.NextDouble() < 0.1 + 0.2 * (v + 2) ? 1f : 0f).ToArray();
        var scores = new Scores(values, labels);
        double[] asDoubles = values.Select(v => (double)v).ToArray(), labelDoubles = labels.Select(l => (double)l).ToArray();

        foreach (var (lo, hi) in new[] { (0.0, 0.1), (0.0, 0.05), (0.02, 0.3), (0.5, 1.0), (0.0, 1.0) })
        {
            Assert.Equal(GlobalObjectives.Metrics.BinaryMetrics.NormalizedPartialRocAuc(asDoubles, labelDoubles, lo, hi),
                         scores.NormalizedPartialRocAuc(lo, hi), 12);
        }
        Assert.Equal(scores.RocAuc(), scores.NormalizedPartialRocAuc(0, 1), 12);

        // A perfect ranking is 1 on any range, an all-tied one the range's mid-point (the diagonal's mean TPR).
        var perfect = new Scores([3f, 2f, 1f, 0f], [1f, 1f, 0f, 0f]);
        Assert.Equal(1.0, perfect.NormalizedPartialRocAuc(0, 0.1), 12);
        Assert.Equal(0.05, new Scores([1f, 1f, 1f, 1f], [1f, 0f, 1f, 0f]).NormalizedPartialRocAuc(0, 0.1), 12);
    }

    [Fact]
    public void NormalizedPartialRocAuc_RejectsAnEmptyOrOutOfRangeInterval_AndFallsBackToRandomWithoutBothClasses()
    {
        var scores = HandExample();
        foreach (var (lo, hi) in new[] { (0.1, 0.1), (0.2, 0.1), (-0.1, 0.1), (0.0, 1.5), (double.NaN, 0.1) })
            Assert.Equal("maxFalsePositiveRate", Assert.Throws<ArgumentOutOfRangeException>(() => scores.NormalizedPartialRocAuc(lo, hi)).ParamName);

        Assert.Equal(0.05, new Scores([2f, 1f], [0f, 0f]).NormalizedPartialRocAuc(0, 0.1), 12);
        Assert.Equal(0.3, new Scores([2f, 1f], [1f, 1f]).NormalizedPartialRocAuc(0.2, 0.4), 12);
    }

    [Fact]
    public void NoPositivesOrNoNegatives_GiveTheDocumentedDefaults()
    {
        var noPositives = new Scores([2f, 1f, 0f], [0f, 0f, 0f]);
        Assert.Equal(0, noPositives.Positives);
        Assert.Equal(0.0, noPositives.AveragePrecision());
        Assert.Equal(0.5, noPositives.RocAuc());
        Assert.Equal(new Confusion(0, 1, 0, 3), noPositives.At(1.5));
        Assert.Equal(0.0, noPositives.At(1.5).Recall);

        var noNegatives = new Scores([2f, 1f], [1f, 1f]);
        Assert.Equal(0.5, noNegatives.RocAuc());
        Assert.Equal(1.0, noNegatives.AveragePrecision(), 12);

        // One example: "nothing" and "everything".
        var single = new Scores([0.25f], [1f]);
        Assert.Equal([(new Confusion(0, 0, 1, 0), 1.25), (new Confusion(1, 0, 1, 0), -0.75)], single.OperatingPoints());
    }

    [Fact]
    public void Constructor_RejectsBadArguments_NamingTheArgument()
    {
        Assert.Equal("scores", Assert.Throws<ArgumentNullException>(() => new Scores(null!, [1f])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentNullException>(() => new Scores([1f], null!)).ParamName);

        var mismatch = Assert.Throws<ArgumentException>(() => new Scores([1f, 2f, 3f], [1f, 0f]));
        Assert.Equal("labels", mismatch.ParamName);
        Assert.Contains("3 scores but 2 labels", mismatch.Message);

        var empty = Assert.Throws<ArgumentException>(() => new Scores([], []));
        Assert.Equal("scores", empty.ParamName);

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var e = Assert.Throws<ArgumentException>(() => new Scores([0f, bad, 1f], [0f, 1f, 0f]));
            Assert.Equal("scores", e.ParamName);
            Assert.Contains("at 1 is not finite", e.Message);
        }
    }
}
