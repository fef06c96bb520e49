using GlobalObjectives.Metrics;
using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>The monitor with several constraints: per-constraint readings, the log line, and the new metrics' values.</summary>
public sealed class MonitorConstraintTests
{
    // Label 0 of ten examples: at logit 0, TP 3, FP 2, TN 3, FN 2. Label 1: TP 3, FP 2, TN 2, FN 3.
    private static readonly double[] Logits =
    [
        2.0, -1.0, 0.5, 0.4, 1.0, -0.3, -1.0, 2.0, -0.2, -0.6,
        3.0, 0.7, -2.0, -1.5, -0.1, 0.2, 0.3, -0.8, -0.4, 1.1,
    ];
    private static readonly double[] Labels =
    [
        1, 1, 1, 0, 0, 1, 1, 1, 1, 0,
        0, 0, 0, 1, 0, 0, 1, 1, 0, 1,
    ];
    private static readonly double[] Shifted = Logits.Select(x => x - 0.45).ToArray();

    private static readonly ConstraintSlot Precision80 = new(Metric.Precision, ConstraintDirection.AtLeast, 0.8);
    private static readonly ConstraintSlot Fpr30 = new(Metric.FalsePositiveRate, ConstraintDirection.AtMost, 0.3);

    private static Tensor Matrix(double[] values, int numLabels = 2) => torch.tensor(values, [values.Length / numLabels, numLabels], ScalarType.Float64);

    private static double[] LabelColumn(double[] values, int label) => values.Where((_, i) => i % 2 == label).ToArray();

    private static ObjectiveOptions Options(int numLabels, double? maxLambda = null, IReadOnlyList<TargetOverride>? overrides = null)
        => new()
        {
            LabelPriors = torch.tensor(numLabels == 1 ? new[] { 0.3 } : new[] { 0.3, 0.6 }),
            DualLearningRate = 0.5,
            DualWarmupPositives = 0,
            MaxLambda = maxLambda,
            TargetOverrides = overrides,
        };

    [Fact]
    public void ConstraintReadingsMatchHandCountsForTwoConstraints()
    {
        using var loss = new ConstraintProbe(2, Options(2, maxLambda: 1.05, overrides: [TargetOverride.ForConstraint(1, 0.3, 0.5)]),
            ObjectiveState.RateConstraints(true, null, Precision80, Fpr30));
        loss.call(Matrix(Logits), Matrix(Labels));
        loss.call(Matrix(Shifted), Matrix(Labels));
        var reading = loss.ReadMonitorState();

        Assert.Equal(2, reading.Constraints.Count);
        Assert.Equal(Metric.FalsePositiveRate, reading.Constraints[1].Metric);
        Assert.Equal(ConstraintDirection.AtMost, reading.Constraints[1].Direction);
        Assert.Equal([0.3, 0.5], reading.Constraints[1].Targets);
        var lambdas = TensorAssert.ToDoubles(loss.Lambdas!);
        for (int label = 0; label < 2; label++)
        {
            var last = HandCounts.Of(Shifted, Labels, null, 2, label);
            var running = last.Plus(HandCounts.Of(Logits, Labels, null, 2, label));
            double[] targets = [0.8, label == 0 ? 0.3 : 0.5];

            var precision = reading.ConstraintValue(0, label);
            Assert.Equal(last.TruePositives / (last.TruePositives + last.FalsePositives), precision.Batch, 12);
            Assert.Equal(running.TruePositives / (running.TruePositives + running.FalsePositives), precision.Running, 12);
            var fpr = reading.ConstraintValue(1, label);
            Assert.Equal(last.FalsePositives / last.Negatives, fpr.Batch, 12);
            Assert.Equal(running.FalsePositives / running.Negatives, fpr.Running, 12);

            Assert.Equal(targets[0], reading.ConstraintTarget(0, label));
            Assert.Equal(targets[1], reading.ConstraintTarget(1, label));
            Assert.Equal(precision.Batch - 0.8, reading.ConstraintSlack(0, label).Batch, 12);          // ≥: value − target
            Assert.Equal(targets[1] - fpr.Running, reading.ConstraintSlack(1, label).Running, 12);      // ≤: target − value
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(lambdas[label * 2 + j], reading.ConstraintLambda(j, label));
                Assert.Equal(lambdas[label * 2 + j] >= (float)1.05, reading.ConstraintLambdaAtMax(j, label)); // λ is stored in float32
            }
            // Lambda and Target read constraint 0.
            Assert.Equal(reading.ConstraintLambda(0, label), reading.Lambda(label));
            Assert.Equal(0.8, reading.Target(label));
        }
        // Precision misses 0.8 on both labels, so its λ climbs to the cap; FPR ≤ 0.5 holds on label 1, so that λ falls.
        Assert.True(reading.ConstraintLambdaAtMax(0, 0));
        Assert.False(reading.ConstraintLambdaAtMax(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => reading.ConstraintValue(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => reading.ConstraintLambda(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => reading.ConstraintValue(0, 0, 1));
    }

    [Theory]
    [InlineData(1, null, "step 2 | recall 0.400 (run 0.500) | precision 0.500 (run 0.556) ≥ 0.8, slack -0.300 (run -0.244) | λ 1.25")]
    [InlineData(2, null,
        "step 2 | label 0: recall 0.400 (run 0.500) | precision 0.500 (run 0.556) ≥ 0.8, slack -0.300 (run -0.244) | λ 1.25"
        + " | label 1: recall 0.333 (run 0.333) | precision 0.667 (run 0.500) ≥ 0.8, slack -0.133 (run -0.300) | λ 1.267")]
    [InlineData(2, 1.05,
        "step 2 | label 0: recall 0.400 (run 0.500) | precision 0.500 (run 0.556) ≥ 0.8, slack -0.300 (run -0.244) | λ 1.05 (at λ_max: likely infeasible)"
        + " | label 1: recall 0.333 (run 0.333) | precision 0.667 (run 0.500) ≥ 0.8, slack -0.133 (run -0.300) | λ 1.05 (at λ_max: likely infeasible)")]
    public void ObjectiveLineForOneConstraint(int numLabels, double? maxLambda, string expected)
    {
        // Label 0 at logit 0: TP 3, FP 2, FN 2 (precision 0.6); shifted by −0.45: TP 2, FP 2, FN 3, so recall 0.4 and
        // precision 0.5 on the last batch, 0.5 and 5/9 since the reset. λ = 1 + 0.5·(0.8 − 0.6) + 0.5·(0.8 − 0.5) = 1.25.
        using var loss = new ConstraintProbe(numLabels, Options(numLabels, maxLambda), ObjectiveState.RateConstraints(true, null, Precision80));
        var logits = numLabels == 1 ? LabelColumn(Logits, 0) : Logits;
        var labels = numLabels == 1 ? LabelColumn(Labels, 0) : Labels;
        loss.call(Matrix(logits, numLabels), Matrix(labels, numLabels));
        loss.call(Matrix(logits.Select(x => x - 0.45).ToArray(), numLabels), Matrix(labels, numLabels));
        Assert.Equal(expected, MonitorText.ObjectiveLine(loss.ReadMonitorState(), Metric.Recall));
    }

    [Fact]
    public void ObjectiveLineWritesEveryConstraintAndTheFScoreLevel()
    {
        // Label 0 alone: TP 3, FP 2, TN 3, FN 2, so F2 = 5·3 / (4·5 + 3 + 2) = 0.6, precision 0.6, FPR 0.4. After one step
        // with η = 0.5: precision's λ = 1 + 0.5·(0.8 − 0.6) = 1.1; FPR's λ = 1 + 0.5·(2 − 0.3·5)/(0.7·10) = 1.0357.
        using var loss = new ConstraintProbe(1, Options(1), ObjectiveState.RateConstraints(true, 2.0, Precision80, Fpr30));
        loss.call(Matrix(LabelColumn(Logits, 0), 1), Matrix(LabelColumn(Labels, 0), 1));
        var line = MonitorText.ObjectiveLine(loss.ReadMonitorState(), Metric.FScore, 2.0);
        Assert.Equal(
            "step 1 | F2 0.600 (run 0.600) | precision 0.600 (run 0.600) ≥ 0.8, slack -0.200 (run -0.200) | λ 1.1"
            + " | FPR 0.400 (run 0.400) ≤ 0.3, slack -0.100 (run -0.100) | λ 1.036 | F-level 0.600",
            line);
    }

    [Fact]
    public void EveryMetricHasItsName()
    {
        var slots = new ConstraintSlot[]
        {
            new(Metric.TrueNegativeRate, ConstraintDirection.AtLeast, 0.5),
            new(Metric.Specificity, ConstraintDirection.AtLeast, 0.4),
            new(Metric.FalseNegativeRate, ConstraintDirection.AtMost, 0.5),
            new(Metric.NegativePredictiveValue, ConstraintDirection.AtLeast, 0.5),
            new(Metric.Accuracy, ConstraintDirection.AtLeast, 0.5),
            new(Metric.FScore, ConstraintDirection.AtLeast, 0.5, Beta: 0.5),
            new(Metric.TruePositiveRate, ConstraintDirection.AtLeast, 0.5),
        };
        using var loss = new ConstraintProbe(2, Options(2), ObjectiveState.RateConstraints(true, null, slots));
        loss.call(Matrix(Logits), Matrix(Labels));
        var line = MonitorText.ObjectiveLine(loss.ReadMonitorState(), Metric.Accuracy);
        foreach (var name in new[] { "| label 0: accuracy ", "| TNR ", "| specificity ", "| FNR ", "| NPV ", "| accuracy ", "| F0.5 ", "| TPR ", "| label 1: accuracy " })
            Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.Equal(14, line.Split("| λ ").Length - 1);
        Assert.DoesNotContain("F-level", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnchoredReadingsBelongToAnchorLine()
    {
        using var loss = new AnchoredFprProbe(1, new ObjectiveOptions { LabelPriors = torch.tensor(new[] { 0.3 }) }, [0.1, 0.5]);
        loss.call(Matrix(LabelColumn(Logits, 0), 1), Matrix(LabelColumn(Labels, 0), 1));
        var reading = loss.ReadMonitorState();
        Assert.Throws<ArgumentException>(() => MonitorText.ObjectiveLine(reading, Metric.Recall));
        // FPR 0.4 at logit 0 (biases start at 0): anchor 0.5 is met, anchor 0.1 is not.
        Assert.Contains("anchors meeting their FPR 1/2", MonitorText.AnchorLine(reading), StringComparison.Ordinal);
        Assert.Equal(0.5, reading.ConstraintTarget(0, 0, 1));
        Assert.Equal(0.1, reading.ConstraintSlack(0, 0, 1).Batch, 12);
        Assert.Equal(reading.Lambda(0, 1), reading.ConstraintLambda(0, 0, 1));
    }

    [Fact]
    public void ValueCoversEveryRateMetric()
    {
        var counts = new ConfusionCounts(TruePositives: 3, FalsePositives: 2, TrueNegatives: 4, FalseNegatives: 1);
        Assert.Equal(4.0 / 6, MonitorReading.Value(Metric.TrueNegativeRate, counts), 15);
        Assert.Equal(4.0 / 6, MonitorReading.Value(Metric.Specificity, counts), 15);
        Assert.Equal(1.0 / 4, MonitorReading.Value(Metric.FalseNegativeRate, counts), 15);
        Assert.Equal(4.0 / 5, MonitorReading.Value(Metric.NegativePredictiveValue, counts), 15);
        Assert.Equal(7.0 / 10, MonitorReading.Value(Metric.Accuracy, counts), 15);
        Assert.Equal(6.0 / 9, MonitorReading.Value(Metric.FScore, counts), 15);                 // 2·3 / (4 + 3 + 2)
        Assert.Equal(15.0 / 21, MonitorReading.Value(Metric.FScore, counts, beta: 2), 15);      // 5·3 / (4·4 + 3 + 2)
        Assert.Equal(1.25 * 3 / (0.25 * 4 + 5), MonitorReading.Value(Metric.FScore, counts, beta: 0.5), 15);
        Assert.Equal(3.0 / 4, MonitorReading.Value(Metric.Recall, counts), 15);
        Assert.Equal(2.0 / 6, MonitorReading.Value(Metric.FalsePositiveRate, counts), 15);
        Assert.Equal(4.0 / 6, counts.Specificity, 15);
        Assert.Equal(10, counts.Total);

        var nothingNegative = new ConfusionCounts(3, 2, 0, 0);
        Assert.True(double.IsNaN(MonitorReading.Value(Metric.NegativePredictiveValue, nothingNegative)));
        Assert.Equal(0.0, nothingNegative.NegativePredictiveValue);
        var noPositives = new ConfusionCounts(0, 0, 5, 0);
        Assert.True(double.IsNaN(MonitorReading.Value(Metric.FScore, noPositives)));
        Assert.Equal(0.0, noPositives.FScore());
        Assert.True(double.IsNaN(MonitorReading.Value(Metric.FalseNegativeRate, noPositives)));
        Assert.Equal(1.0, MonitorReading.Value(Metric.Accuracy, noPositives));
        Assert.True(double.IsNaN(MonitorReading.Value(Metric.Accuracy, default)));
        Assert.True(double.IsNaN(MonitorReading.Value(Metric.TrueNegativeRate, new ConfusionCounts(1, 0, 0, 1))));
        Assert.Equal(0.0, MonitorReading.Value(Metric.FScore, new ConfusionCounts(0, 0, 5, 2)));       // positives, none found
        Assert.Throws<ArgumentOutOfRangeException>(() => MonitorReading.Value(Metric.FScore, counts, beta: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonitorReading.Value(Metric.RocAuc, counts));
    }

    [Fact]
    public void RateTakesBetaForTheFScore()
    {
        using var loss = new ConstraintProbe(2, Options(2), ObjectiveState.RateConstraints(true, null, Precision80));
        loss.call(Matrix(Logits), Matrix(Labels));
        var reading = loss.ReadMonitorState();
        var counts = HandCounts.Of(Logits, Labels, null, 2, 1);
        Assert.Equal(5 * counts.TruePositives / (4 * counts.Positives + counts.TruePositives + counts.FalsePositives),
            reading.Rate(Metric.FScore, 1, beta: 2).Batch, 12);
        Assert.Equal(counts.TrueNegatives / (counts.TrueNegatives + counts.FalseNegatives), reading.Rate(Metric.NegativePredictiveValue, 1).Running, 12);
    }
}
