using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>The Fβ objective's level q (Dinkelbach): decayed counts, update order, eval mode, options and state.</summary>
public sealed class FScoreLevelTests
{
    private const double Beta = 2.0;

    // Three batches of six examples and two labels, row-major [B, L].
    private static readonly double[][] Batches =
    [
        [1.0, -1.0, 0.5, 2.0, -0.5, 0.3, 2.0, -0.2, -1.0, 1.0, 0.1, -0.7],
        [-1.0, 0.4, 0.8, -2.0, 1.5, 0.9, -0.3, 0.2, 0.6, -0.1, -0.9, 1.2],
        [0.2, 0.2, -0.2, -0.2, 0.7, -0.6, 1.1, 0.5, -1.4, 0.8, 0.3, -0.5],
    ];
    private static readonly double[] Labels = [1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0];
    private static readonly double[] Weights = [1.0, 0.5, 2.0, 1.0, 0.25, 1.5];

    private static Tensor Matrix(double[] values) => torch.tensor(values, [values.Length / 2, 2], ScalarType.Float64);

    private static ConstraintProbe Probe(double? smoothing, ObjectiveState? state = null, Func<Tensor, Tensor>? reduce = null)
        => new(2, new ObjectiveOptions { FScoreLevelSmoothing = smoothing, ReduceStatistics = reduce }, state ?? ObjectiveState.RateConstraints(true, Beta));

    /// <summary>q per label after each batch: counts ← (1 − ρ)·counts + ρ·(TP, FP, P), q = (1 + β²)·TP / (β²·P + TP + FP).</summary>
    private static double[][] HandLevels(double smoothing, int batches, bool weighted)
    {
        var levels = new double[batches][];
        var counts = new double[2, 3];
        for (int t = 0; t < batches; t++)
        {
            levels[t] = new double[2];
            for (int label = 0; label < 2; label++)
            {
                var batch = HandCounts.Of(Batches[t], Labels, weighted ? Weights : null, 2, label);
                counts[label, 0] = (1 - smoothing) * counts[label, 0] + smoothing * batch.TruePositives;
                counts[label, 1] = (1 - smoothing) * counts[label, 1] + smoothing * batch.FalsePositives;
                counts[label, 2] = (1 - smoothing) * counts[label, 2] + smoothing * batch.Positives;
                double b2 = Beta * Beta;
                levels[t][label] = (1 + b2) * counts[label, 0] / (b2 * counts[label, 2] + counts[label, 0] + counts[label, 1]);
            }
        }
        return levels;
    }

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    [Fact]
    public void TheLevelIsTheFScoreOfTheDecayedCountsAndEachBatchUsesItsOwnUpdate()
    {
        using var loss = Probe(0.3);
        Assert.Equal([0.0, 0.0], loss.Level()); // no training batch yet: the denominator is 0
        for (int t = 0; t < 3; t++) loss.Compute(Matrix(Batches[t]), Matrix(Labels), torch.tensor(Weights, dtype: ScalarType.Float64));

        var expected = HandLevels(0.3, 3, weighted: true);
        // The first batch already saw its own level (the F2 of batch 1: the decay factor cancels in the ratio).
        var first = new[] { HandCounts.Of(Batches[0], Labels, Weights, 2, 0), HandCounts.Of(Batches[0], Labels, Weights, 2, 1) };
        Close(first.Select(c => 5 * c.TruePositives / (4 * c.Positives + c.TruePositives + c.FalsePositives)).ToArray(), loss.LevelsSeen[0]);
        for (int t = 0; t < 3; t++) Close(expected[t], loss.LevelsSeen[t]);
        Close(expected[2], loss.Level());
        var reading = loss.ReadMonitorState();
        Assert.True(reading.HasFScoreLevel);
        Close(expected[2], [reading.FScoreLevel(0), reading.FScoreLevel(1)]);
        Assert.NotEqual(expected[0][0], expected[2][0]);
    }

    [Fact]
    public void EvalModeUsesTheLevelWithoutMovingIt()
    {
        using var loss = Probe(0.3);
        loss.call(Matrix(Batches[0]), Matrix(Labels));
        loss.call(Matrix(Batches[1]), Matrix(Labels));
        var before = loss.Level();
        var counters = TensorAssert.ToDoubles(loss.get_buffer(GlobalObjectiveLoss.BatchCountersName)!);

        loss.eval();
        loss.call(Matrix(Batches[2]), Matrix(Labels));
        Assert.Equal(before, loss.Level());
        Assert.Equal(before, loss.LevelsSeen[^1]);
        Assert.Equal(counters, TensorAssert.ToDoubles(loss.get_buffer(GlobalObjectiveLoss.BatchCountersName)!));
        Close(HandLevels(0.3, 2, weighted: false)[1], before);

        loss.train();
        loss.call(Matrix(Batches[2]), Matrix(Labels));
        Assert.NotEqual(before, loss.Level());
    }

    [Fact]
    public void TheDefaultSmoothingIsFivePercent()
    {
        Assert.Equal(0.05, DualDefaults.FScoreLevelSmoothing);
        using var loss = Probe(null);
        for (int t = 0; t < 3; t++) loss.call(Matrix(Batches[t]), Matrix(Labels));
        Close(HandLevels(0.05, 3, weighted: false)[2], loss.Level());

        using var lastBatchOnly = Probe(1.0);
        for (int t = 0; t < 3; t++) lastBatchOnly.call(Matrix(Batches[t]), Matrix(Labels));
        Close(HandLevels(1.0, 3, weighted: false)[2], lastBatchOnly.Level());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void SmoothingMustBeAWeightInTheUnitInterval(double smoothing)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Probe(smoothing));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("ObjectiveOptions.FScoreLevelSmoothing = " + smoothing.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "; expected a weight in (0, 1]",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmoothingWithoutAnFScoreObjectiveFails()
    {
        var state = ObjectiveState.RateConstraints(true, null, new ConstraintSlot(Metric.FScore, ConstraintDirection.AtLeast, 0.6));
        var error = Assert.Throws<ArgumentException>(() => Probe(0.1, state));
        Assert.Contains("ObjectiveOptions.FScoreLevelSmoothing applies only to objectives that maximize FScore", error.Message, StringComparison.Ordinal);
        using var noLevel = Probe(null, state);
        Assert.Throws<InvalidOperationException>(() => noLevel.Level());
        Assert.False(noLevel.ReadMonitorState().HasFScoreLevel);
        Assert.True(double.IsNaN(noLevel.ReadMonitorState().FScoreLevel(1)));
    }

    [Fact]
    public void AnFScoreObjectiveWithoutConstraintsHasAMonitorAndALevelButNoDuals()
    {
        int hookCalls = 0;
        using var loss = Probe(0.3, reduce: s => { hookCalls++; return s; });
        Assert.Null(loss.Lambdas);
        var names = loss.state_dict().Keys.ToHashSet();
        Assert.DoesNotContain(GlobalObjectiveLoss.LambdasName, names);
        Assert.Contains(GlobalObjectiveLoss.FScoreCountsName, names);
        Assert.Subset(names, GlobalObjectiveLoss.DualStateNames.ToHashSet());
        Assert.Equal([2L, 3L], loss.get_buffer(GlobalObjectiveLoss.FScoreCountsName)!.shape);

        loss.call(Matrix(Batches[0]), Matrix(Labels));
        Assert.Equal(1, hookCalls);
        var reading = loss.ReadMonitorState();
        Assert.Equal(1, reading.Steps);
        Assert.Empty(reading.Constraints);
        Assert.Null(reading.Lambdas);
        Assert.True(double.IsNaN(reading.Lambda(0)));
        Assert.Equal(HandCounts.Of(Batches[0], Labels, null, 2, 1).TruePositives, reading.BatchCounts(1).TruePositives);

        var error = Assert.Throws<ArgumentException>(() => new ConstraintProbe(2, new ObjectiveOptions { DualLearningRate = 0.2 }, ObjectiveState.RateConstraints(true, Beta)));
        Assert.Contains("ObjectiveOptions.DualLearningRate does not apply: this Fβ objective declares no constraint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLevelWorksBesideConstraintsAndSurvivesACheckpoint()
    {
        var state = ObjectiveState.RateConstraints(true, Beta,
            new ConstraintSlot(Metric.Precision, ConstraintDirection.AtLeast, 0.6), new ConstraintSlot(Metric.FalsePositiveRate, ConstraintDirection.AtMost, 0.2));
        using var loss = Probe(0.3, state);
        Assert.Equal([2L, 2L], loss.Lambdas!.shape);
        for (int t = 0; t < 3; t++) loss.call(Matrix(Batches[t]), Matrix(Labels));
        Close(HandLevels(0.3, 3, weighted: false)[2], loss.Level());

        var saved = new MemoryStream();
        loss.save(saved);
        using var restored = Probe(0.3, state);
        restored.load(new MemoryStream(saved.ToArray()));
        Assert.Equal(loss.Level(), restored.Level());
        Assert.Equal(TensorAssert.ToDoubles(loss.Lambdas!), TensorAssert.ToDoubles(restored.Lambdas!));
    }
}
