using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Several constraints per objective: the [L, J] duals in both modes, the projected-ascent step per column, warm-up, the hook (checkpoints: <see cref="CheckpointLayoutTests"/>).</summary>
public sealed class MultiConstraintDualTests
{
    // Ten examples of two labels, row-major [B, L]. Unweighted at logit 0, label 0 has TP 3, FP 2, TN 3, FN 2 and
    // label 1 TP 3, FP 2, TN 2, FN 3.
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
    private static readonly double[] Weights = [1.0, 2.0, 0.5, 1.5, 1.0, 0.25, 3.0, 1.0, 0.75, 2.0];
    private static readonly double[] Priors = [0.3, 0.6];

    /// <summary>Every metric, aliases included, at a target it misses on this batch or not.</summary>
    private static readonly ConstraintSlot[] AllMetrics =
    [
        new(Metric.Precision, ConstraintDirection.AtLeast, 0.8),
        new(Metric.Recall, ConstraintDirection.AtLeast, 0.65),
        new(Metric.TruePositiveRate, ConstraintDirection.AtLeast, 0.9),
        new(Metric.FalsePositiveRate, ConstraintDirection.AtMost, 0.1),
        new(Metric.TrueNegativeRate, ConstraintDirection.AtLeast, 0.9),
        new(Metric.Specificity, ConstraintDirection.AtLeast, 0.4),
        new(Metric.FalseNegativeRate, ConstraintDirection.AtMost, 0.2),
        new(Metric.NegativePredictiveValue, ConstraintDirection.AtLeast, 0.7),
        new(Metric.Accuracy, ConstraintDirection.AtLeast, 0.8),
        new(Metric.FScore, ConstraintDirection.AtLeast, 0.5, Beta: 2.0),
        new(Metric.FScore, ConstraintDirection.AtLeast, 0.9, Beta: 0.5),
    ];

    private static ObjectiveOptions Options(double eta = 0.5, double warmupPositives = 0, int? warmupSteps = null, Func<Tensor, Tensor>? reduce = null,
        DualUpdate mode = DualUpdate.ProjectedAscent, double? maxLambda = null)
        => mode == DualUpdate.GradientReversal
            ? new() { DualUpdate = mode, LabelPriors = torch.tensor(Priors) }
            : new()
            {
                LabelPriors = torch.tensor(Priors),
                DualLearningRate = eta,
                DualWarmupPositives = warmupPositives,
                DualWarmupSteps = warmupSteps,
                ReduceStatistics = reduce,
                MaxLambda = maxLambda,
            };

    private static Tensor Matrix(double[] values) => torch.tensor(values, [values.Length / 2, 2], ScalarType.Float64);

    private static Tensor Column(double[] values) => torch.tensor(values, [values.Length, 1], ScalarType.Float64);

    private static double[] Lambdas(GlobalObjectiveLoss loss) => TensorAssert.ToDoubles(loss.Lambdas!);

    /// <summary>λ after one step from λ0 = 1 with η = 0.5, per label and constraint, row-major [L, J].</summary>
    private static double[] ExpectedStep(ConstraintSlot[] slots, double[] logits, double[] labels, double[]? weights, double eta = 0.5, double maxLambda = 100)
    {
        var expected = new double[2 * slots.Length];
        for (int label = 0; label < 2; label++)
        {
            var counts = HandCounts.Of(logits, labels, weights, 2, label);
            for (int j = 0; j < slots.Length; j++)
                expected[label * slots.Length + j] = Math.Clamp(1 + eta * counts.Signal(slots[j].Metric, slots[j].DeclaredTarget, Priors[label], slots[j].Beta), 0, maxLambda);
        }
        return expected;
    }

    [Theory]
    [InlineData(1, DualUpdate.ProjectedAscent)]
    [InlineData(2, DualUpdate.ProjectedAscent)]
    [InlineData(3, DualUpdate.ProjectedAscent)]
    [InlineData(1, DualUpdate.GradientReversal)]
    [InlineData(2, DualUpdate.GradientReversal)]
    [InlineData(3, DualUpdate.GradientReversal)]
    public void LambdasAreLForOneConstraintAndLByJForSeveral(int constraints, DualUpdate mode)
    {
        var state = ObjectiveState.RateConstraints(true, null, AllMetrics[..constraints]);
        using var loss = new ConstraintProbe(2, Options(mode: mode), state);

        long[] expected = constraints == 1 ? [2] : [2, constraints];
        Assert.Equal(expected, loss.Lambdas!.shape);
        Assert.Equal(expected, loss.state_dict()[GlobalObjectiveLoss.LambdasName].shape);
        Assert.Equal(expected, loss.Duals(torch.zeros(1, dtype: ScalarType.Float64)).shape);
        bool isParameter = loss.parameters().Any(p => p.shape.SequenceEqual(expected));
        Assert.Equal(mode == DualUpdate.GradientReversal, isParameter);
        Assert.Equal(mode == DualUpdate.ProjectedAscent, loss.named_buffers().Any(b => b.name == GlobalObjectiveLoss.LambdasName));

        var value = loss.call(Matrix(Logits), Matrix(Labels));
        Assert.True(double.IsFinite(value.item<double>()));
    }

    [Fact]
    public void OneStepMovesEachColumnByItsOwnHandComputedSignal()
    {
        using var loss = new ConstraintProbe(2, Options(), ObjectiveState.RateConstraints(true, null, AllMetrics));
        loss.to(ScalarType.Float64);
        loss.Compute(Matrix(Logits), Matrix(Labels), torch.tensor(Weights, dtype: ScalarType.Float64));

        var expected = ExpectedStep(AllMetrics, Logits, Labels, Weights);
        TensorAssert.AllClose(loss.Lambdas!, expected, [2, AllMetrics.Length], rtol: 1e-12, atol: 1e-12, what: "λ after one step");
        // Every column moved: the batch is informative for each constraint.
        Assert.All(Lambdas(loss), lambda => Assert.NotEqual(1.0, lambda));
    }

    [Fact]
    public void TheSurrogateSignalUsesTheBoundsWithEachMetricsCountFormNormalizer()
    {
        // DualSignal.Surrogate: FN and FP become FN_ub = Σw·y·ℓ⁺/m2 and FP_ub = Σw·(1 − y)·ℓ⁻/m2; precision and NPV keep the
        // count form (P̄ and N̄), Fβ keeps β²·P̄ + TP + FP with TP and FP at logit 0, accuracy W.
        var slots = new ConstraintSlot[]
        {
            new(Metric.Precision, ConstraintDirection.AtLeast, 0.8),
            new(Metric.NegativePredictiveValue, ConstraintDirection.AtLeast, 0.7),
            new(Metric.FScore, ConstraintDirection.AtLeast, 0.5, Beta: 2.0),
            new(Metric.Accuracy, ConstraintDirection.AtLeast, 0.8),
        };
        var options = new ObjectiveOptions { LabelPriors = torch.tensor(Priors), DualLearningRate = 0.5, DualWarmupPositives = 0, DualSignal = DualSignal.Surrogate };
        using var loss = new ConstraintProbe(2, options, ObjectiveState.RateConstraints(true, null, slots));
        loss.to(ScalarType.Float64);
        loss.call(Matrix(Logits), Matrix(Labels));

        double m2 = Math.Log(2);
        var expected = new double[8];
        for (int label = 0; label < 2; label++)
        {
            double falseNegativeBound = 0, falsePositiveBound = 0;
            for (int i = 0; i < 10; i++)
            {
                double x = Logits[2 * i + label], y = Labels[2 * i + label];
                falseNegativeBound += y * Math.Log(1 + Math.Exp(-x)) / m2;
                falsePositiveBound += (1 - y) * Math.Log(1 + Math.Exp(x)) / m2;
            }
            var counts = HandCounts.Of(Logits, Labels, null, 2, label);
            double p = counts.Positives, n = counts.Negatives, w = counts.Weight, prior = Priors[label];
            double[] normalizers = [prior * w, (1 - prior) * w, 4 * prior * w + counts.TruePositives + counts.FalsePositives, w];
            for (int j = 0; j < 4; j++)
            {
                var k = CountTable.For(slots[j].Metric, slots[j].Direction, slots[j].Beta);
                double t = slots[j].DeclaredTarget;
                double violation = k.FalseNegatives.At(t) * falseNegativeBound + k.FalsePositives.At(t) * falsePositiveBound
                                   + k.Positives.At(t) * p + k.Negatives.At(t) * n;
                expected[label * 4 + j] = Math.Clamp(1 + 0.5 * violation / normalizers[j], 0, 100);
            }
        }
        TensorAssert.AllClose(loss.Lambdas!, expected, [2, 4], rtol: 1e-12, atol: 1e-12, what: "λ after one surrogate step");
    }

    [Fact]
    public void StepsClipAtZeroAndMaxLambda()
    {
        var slots = new ConstraintSlot[] { new(Metric.Precision, ConstraintDirection.AtLeast, 0.99), new(Metric.Accuracy, ConstraintDirection.AtLeast, 0.0) };
        using var loss = new ConstraintProbe(2, Options(eta: 50, maxLambda: 3), ObjectiveState.RateConstraints(true, null, slots));
        loss.to(ScalarType.Float64);
        loss.call(Matrix(Logits), Matrix(Labels));

        var expected = ExpectedStep(slots, Logits, Labels, null, eta: 50, maxLambda: 3);
        Assert.Equal([3.0, 0.0, 3.0, 0.0], expected);
        TensorAssert.AllClose(loss.Lambdas!, expected, [2, 2], rtol: 0, atol: 1e-12, what: "clipped λ");
    }

    [Fact]
    public void PrecisionAndNpvFallBackWhenNothingIsPredictedOnTheirSide()
    {
        var slots = new ConstraintSlot[]
        {
            new(Metric.Precision, ConstraintDirection.AtLeast, 0.8),
            new(Metric.NegativePredictiveValue, ConstraintDirection.AtLeast, 0.7),
            new(Metric.Recall, ConstraintDirection.AtLeast, 0.5),
        };

        // Every logit positive: nothing predicted negative, so NPV's signal is −(1 − v) = −0.3 (λ comes down).
        var allPositive = Logits.Select(x => Math.Abs(x) + 0.1).ToArray();
        using (var loss = new ConstraintProbe(2, Options(), ObjectiveState.RateConstraints(true, null, slots)))
        {
            loss.to(ScalarType.Float64);
            loss.call(Matrix(allPositive), Matrix(Labels));
            var lambdas = Lambdas(loss);
            Assert.Equal(1 - 0.5 * 0.3, lambdas[1], 12);
            Assert.Equal(1 - 0.5 * 0.3, lambdas[4], 12);
            TensorAssert.AllClose(loss.Lambdas!, ExpectedStep(slots, allPositive, Labels, null), [2, 3], rtol: 1e-12, atol: 1e-12);
        }

        // Every logit negative: nothing predicted positive, so precision's signal is −(1 − p) = −0.2.
        var allNegative = Logits.Select(x => -Math.Abs(x) - 0.1).ToArray();
        using (var loss = new ConstraintProbe(2, Options(), ObjectiveState.RateConstraints(true, null, slots)))
        {
            loss.to(ScalarType.Float64);
            loss.call(Matrix(allNegative), Matrix(Labels));
            var lambdas = Lambdas(loss);
            Assert.Equal(1 - 0.5 * 0.2, lambdas[0], 12);
            Assert.Equal(1 - 0.5 * 0.2, lambdas[3], 12);
            TensorAssert.AllClose(loss.Lambdas!, ExpectedStep(slots, allNegative, Labels, null), [2, 3], rtol: 1e-12, atol: 1e-12);
        }

        // A batch of zero weight is no evidence: no column moves, the fallbacks included.
        using (var loss = new ConstraintProbe(2, Options(), ObjectiveState.RateConstraints(true, null, AllMetrics)))
        {
            loss.to(ScalarType.Float64);
            loss.Compute(Matrix(allPositive), Matrix(Labels), torch.zeros(10, dtype: ScalarType.Float64));
            Assert.All(Lambdas(loss), lambda => Assert.Equal(1.0, lambda));
        }
    }

    [Fact]
    public void WarmupHoldsEachLabelUntilItHasSeenEnoughPositives()
    {
        // Label 0 has 5 positives per batch and label 1 has 6; with a threshold of 11 positives, label 1 first moves on
        // the second batch (12 seen) and label 0 on the third (15 seen). The signal is the same on every batch.
        Assert.Equal(5, HandCounts.Of(Logits, Labels, null, 2, 0).Positives);
        Assert.Equal(6, HandCounts.Of(Logits, Labels, null, 2, 1).Positives);
        var slots = AllMetrics[..3];
        using var loss = new ConstraintProbe(2, Options(warmupPositives: 11), ObjectiveState.RateConstraints(true, null, slots));
        loss.to(ScalarType.Float64);
        var step = ExpectedStep(slots, Logits, Labels, null);

        loss.call(Matrix(Logits), Matrix(Labels));
        Assert.All(Lambdas(loss), lambda => Assert.Equal(1.0, lambda));

        loss.call(Matrix(Logits), Matrix(Labels));
        var afterTwo = Lambdas(loss);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(1.0, afterTwo[j]);               // label 0: 10 positives seen
            Assert.Equal(step[3 + j], afterTwo[3 + j], 12); // label 1: 12 positives seen
        }

        loss.call(Matrix(Logits), Matrix(Labels));
        var afterThree = Lambdas(loss);
        for (int j = 0; j < 3; j++)
        {
            Assert.Equal(step[j], afterThree[j], 12);
            Assert.Equal(Math.Clamp(step[3 + j] + (step[3 + j] - 1), 0, 100), afterThree[3 + j], 12);
        }
    }

    [Fact]
    public void WarmupStepsHoldEveryColumn()
    {
        using var loss = new ConstraintProbe(2, Options(warmupSteps: 1), ObjectiveState.RateConstraints(true, null, AllMetrics[..2]));
        loss.to(ScalarType.Float64);
        loss.call(Matrix(Logits), Matrix(Labels));
        Assert.All(Lambdas(loss), lambda => Assert.Equal(1.0, lambda));
        loss.call(Matrix(Logits), Matrix(Labels));
        TensorAssert.AllClose(loss.Lambdas!, ExpectedStep(AllMetrics[..2], Logits, Labels, null), [2, 2], rtol: 1e-12, atol: 1e-12);
    }

    [Fact]
    public void ReduceStatisticsRunsOncePerTrainingCallAndDrivesEveryColumn()
    {
        int calls = 0;
        Tensor Count(Tensor statistics)
        {
            calls++;
            return statistics;
        }
        var state = ObjectiveState.RateConstraints(true, 2.0, AllMetrics[..3]);
        using (var loss = new ConstraintProbe(2, Options(reduce: Count), state))
        {
            loss.to(ScalarType.Float64);
            for (int i = 0; i < 3; i++) loss.call(Matrix(Logits), Matrix(Labels));
            Assert.Equal(3, calls);
            loss.eval();
            loss.call(Matrix(Logits), Matrix(Labels));
            Assert.Equal(3, calls);
        }

        // A hook that reports an empty batch (as if every worker's batch had zero weight): no column moves.
        using var zeroed = new ConstraintProbe(2, Options(reduce: s => torch.zeros_like(s)), state);
        zeroed.call(Matrix(Logits), Matrix(Labels));
        Assert.All(Lambdas(zeroed), lambda => Assert.Equal(1.0, lambda));
        Assert.Equal(0.0, zeroed.ReadMonitorState().BatchCounts(0).Positives);
    }

    [Fact]
    public void GradientReversalReversesEachColumnsOwnGradient()
    {
        // loss = mean over [B, L] of w·(c·y·ℓ⁺ + d·(1 − y)·ℓ⁻) + Σ_j λ_j·m2·(γ_j·π + δ_j·(1 − π)), so
        // ∂loss/∂λ_lj = (1/(B·L))·Σ_i [α_j·y·ℓ⁺ + β_j·(1 − y)·ℓ⁻ + m2·(γ_j·π + δ_j·(1 − π))], and v gets −r times it.
        var slots = new ConstraintSlot[] { AllMetrics[0], AllMetrics[3], AllMetrics[7] };
        const double rate = 0.3;
        using var loss = new ConstraintProbe(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, DualRateFactor = rate, LabelPriors = torch.tensor(Priors) },
            ObjectiveState.RateConstraints(true, null, slots));
        loss.to(ScalarType.Float64);
        loss.call(Matrix(Logits), Matrix(Labels)).backward();

        var grad = loss.Lambdas!.grad!;
        Assert.Equal([2L, 3L], grad.shape);
        var expected = new double[6];
        double m2 = Math.Log(2);
        for (int label = 0; label < 2; label++)
        for (int j = 0; j < 3; j++)
        {
            var k = CountTable.For(slots[j].Metric, slots[j].Direction);
            double t = slots[j].DeclaredTarget, sum = 0;
            for (int i = 0; i < 10; i++)
            {
                double x = Logits[2 * i + label], y = Labels[2 * i + label];
                double positiveLoss = Math.Log(1 + Math.Exp(-x)), negativeLoss = Math.Log(1 + Math.Exp(x));
                sum += k.FalseNegatives.At(t) * y * positiveLoss + k.FalsePositives.At(t) * (1 - y) * negativeLoss
                       + m2 * (k.Positives.At(t) * Priors[label] + k.Negatives.At(t) * (1 - Priors[label]));
            }
            expected[label * 3 + j] = -rate * sum / 20;
        }
        TensorAssert.AllClose(grad, expected, [2, 3], rtol: 1e-12, atol: 1e-14, what: "∂/∂v per label and constraint");
    }

    [Fact]
    public void FprAnchorsAreNormalizedByExpectedNegatives()
    {
        double[] anchorRates = [0.05, 0.2, 0.6];
        using var loss = new AnchoredFprProbe(1, new ObjectiveOptions { LabelPriors = torch.tensor(new[] { 0.3 }), DualLearningRate = 0.5, DualWarmupPositives = 0 }, anchorRates);
        loss.to(ScalarType.Float64);
        var logits = Logits.Where((_, i) => i % 2 == 0).ToArray();
        var labels = Labels.Where((_, i) => i % 2 == 0).ToArray();
        loss.call(Column(logits), Column(labels));

        // Biases start at 0, so every anchor sees the counts at logit 0: g_k = (FP − f_k·N) / ((1 − π)·W).
        var counts = HandCounts.Of(logits, labels, null, 1, 0);
        var expected = anchorRates.Select(f => 1 + 0.5 * (counts.FalsePositives - f * counts.Negatives) / (0.7 * counts.Weight)).ToArray();
        TensorAssert.AllClose(loss.Lambdas!, expected, [1, 1, 3], rtol: 1e-12, atol: 1e-12, what: "anchor λ");
        Assert.Contains("anchors meeting their FPR ", MonitorText.AnchorLine(loss.ReadMonitorState()), StringComparison.Ordinal);
    }

    [Fact]
    public void DeclarationsMustFollowTheSlots()
    {
        var slots = AllMetrics[..2];
        using var probe = new ConstraintProbe(1, null, ObjectiveState.RateConstraints(true, null, slots), declare: 1);
        var mismatch = Assert.Throws<InvalidOperationException>(() => probe.Declare(Metric.FalsePositiveRate, ConstraintDirection.AtMost, 0.1));
        Assert.Contains("constraint 1 is [Constraint(Recall, \">=\", 0.65)]", mismatch.Message, StringComparison.Ordinal);

        // Only one of two declared: the first training call fails before any state changes.
        var error = Assert.Throws<InvalidOperationException>(() => probe.call(Column(Logits[..10]), Column(Labels[..10])));
        Assert.Contains("Only 1 of this objective's 2 constraints were declared", error.Message, StringComparison.Ordinal);
        Assert.Equal(0.0, TensorAssert.ToDoubles(probe.get_buffer(GlobalObjectiveLoss.BatchCountersName)!)[0]);

        probe.Declare(Metric.Recall, ConstraintDirection.AtLeast, 0.65);
        var tooMany = Assert.Throws<InvalidOperationException>(() => probe.Declare(Metric.Recall, ConstraintDirection.AtLeast, 0.6));
        Assert.Contains("DeclareConstraint called 3 times; this objective declares 2 constraint(s)", tooMany.Message, StringComparison.Ordinal);
        probe.call(Column(Logits[..10]), Column(Labels[..10]));
        Assert.Equal(1.0, TensorAssert.ToDoubles(probe.get_buffer(GlobalObjectiveLoss.BatchCountersName)!)[0]);
    }

    [Fact]
    public void RateConstraintsValidatesItsSlots()
    {
        var plain = ObjectiveState.RateConstraints(false, null);       // maximizing accuracy alone: no state at all
        Assert.False(plain.HasDuals || plain.HasTargets || plain.UsesLabelPriors);
        Assert.Empty(plain.Constraints);
        Assert.Contains("constraints[0] constrains PrAuc",
            Assert.Throws<ArgumentException>(() => ObjectiveState.RateConstraints(true, null, new ConstraintSlot(Metric.PrAuc, ConstraintDirection.AtLeast, 0.5))).Message,
            StringComparison.Ordinal);
        Assert.Contains("constraints[1].DeclaredTarget = 1.5",
            Assert.Throws<ArgumentOutOfRangeException>(() => ObjectiveState.RateConstraints(true, null, AllMetrics[0], new ConstraintSlot(Metric.Recall, ConstraintDirection.AtLeast, 1.5))).Message,
            StringComparison.Ordinal);
        Assert.Contains("constraints[0].Beta = 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => ObjectiveState.RateConstraints(true, null, new ConstraintSlot(Metric.FScore, ConstraintDirection.AtLeast, 0.5, 0))).Message,
            StringComparison.Ordinal);
        Assert.Contains("fScoreBeta = -1",
            Assert.Throws<ArgumentOutOfRangeException>(() => ObjectiveState.RateConstraints(true, -1.0, AllMetrics[0])).Message, StringComparison.Ordinal);

        var fscoreOnly = ObjectiveState.RateConstraints(false, 1.0);
        Assert.False(fscoreOnly.HasDuals);
        Assert.False(fscoreOnly.HasTargets);
        Assert.Empty(fscoreOnly.Constraints);
        Assert.Equal(new ObjectiveState(true, 7, true, true, false), ObjectiveState.Anchored(7));   // duals, anchors, biases, priors; no targets
        Assert.Equal(ObjectiveState.RateConstraints(true, null, AllMetrics[0], AllMetrics[1]), ObjectiveState.RateConstraints(true, null, AllMetrics[0], AllMetrics[1]));
        Assert.NotEqual(ObjectiveState.RateConstraints(true, null, AllMetrics[0]), ObjectiveState.RateConstraints(true, null, AllMetrics[1]));
    }

    [Fact]
    public void WithoutAnchorsDualsAndTargetsNeedConstraintSlots()
    {
        ObjectiveState[] inconsistent =
        [
            new(true, 0, false, true, true),                                           // a constraint known by no slot
            ObjectiveState.RateConstraints(true, null, AllMetrics[0]) with { HasTargets = false },
            ObjectiveState.Anchored(3) with { HasTargets = true },
        ];
        foreach (var state in inconsistent)
            Assert.Contains("ObjectiveState.RateConstraints", Assert.Throws<ArgumentException>(() => new ConstraintProbe(1, null, state)).Message, StringComparison.Ordinal);
    }
}
