using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>
/// Bad input (issue 4): a clear exception naming the argument, what was seen and what was expected, thrown before
/// any state changes. Tested on the base class through <see cref="ProbeObjective"/>.
/// </summary>
public class BadInputTests
{
    private static readonly float[] GoodLogits = { 0.5f, -1.0f, 2.0f, -0.3f, 0.1f, 1.2f, -2.0f, 0.7f };
    private static readonly float[] GoodLabels = { 1, 0, 1, 0, 0, 1, 0, 1 };

    /// <summary>[4, 2] logits and labels that a 2-label probe accepts.</summary>
    private static (Tensor Logits, Tensor Labels) Batch() => (torch.tensor(GoodLogits, new long[] { 4, 2 }), torch.tensor(GoodLabels, new long[] { 4, 2 }));

    /// <summary>
    /// Runs <paramref name="call"/> on a trained-once probe (so its state is not the initial one), expects an
    /// ArgumentException for <paramref name="paramName"/> whose message contains every fragment, and checks that the
    /// priors and duals did not move.
    /// </summary>
    private static ArgumentException AssertRejectedWithoutStateChange(
        int numLabels, Func<ProbeObjective, object> call, string paramName, params string[] fragments)
    {
        var probe = new ProbeObjective(numLabels, Families.Seed);
        using (var warm = torch.NewDisposeScope())
        {
            var logits = Randn(7, 5, numLabels);
            var labels = Targets(8, 0.5, 5, numLabels);
            var sgd = torch.optim.SGD(probe.parameters(), learningRate: 0.1);
            probe.Compute(logits, labels).Loss.sum().backward();
            sgd.step();
        }
        var before = Snapshot(probe);
        var error = Assert.ThrowsAny<ArgumentException>(() => call(probe));
        Assert.Equal(paramName, error.ParamName);
        foreach (var fragment in fragments)
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        AssertStateEquals(before, probe);
        return error;
    }

    /// <summary>The generated families inherit the checks: a rejected call leaves duals, biases and priors as they were.</summary>
    [Theory]
    [MemberData(nameof(Families.All), MemberType = typeof(Families))]
    public void EveryGeneratedFamilyRejectsBadInputWithoutStateChange(string family)
    {
        var loss = Families.Create(family);
        var sgd = torch.optim.SGD(loss.parameters(), learningRate: 0.1);
        loss.Compute(Randn(9, 5, 2).requires_grad_(true), Targets(10, 0.5, 5, 2)).Loss.sum().backward();
        sgd.step();
        var before = Snapshot(loss);

        var nanLogits = Randn(11, 5, 2);
        nanLogits[3, 1] = torch.tensor(float.NaN);
        var calls = new (Func<object> Call, string Param)[]
        {
            (() => loss.Compute(torch.zeros(5, 2), torch.zeros(5)), "labels"),
            (() => loss.Compute(torch.zeros(5, 3), torch.zeros(5, 3)), "logits"),
            (() => loss.Compute(nanLogits, Targets(12, 0.5, 5, 2)), "logits"),
            (() => loss.Compute(torch.zeros(5, 2), torch.full(5, 2, 2.0f)), "labels"),
            (() => loss.Compute(torch.zeros(5, 2), torch.zeros(5, 2), torch.full(5, -1.0f)), "weights"),
            (() => loss.call(torch.zeros(0, 2), torch.zeros(0, 2)), "logits"),
        };
        foreach (var (call, param) in calls)
        {
            var error = Assert.ThrowsAny<ArgumentException>(call);
            Assert.Equal(param, error.ParamName);
            AssertStateEquals(before, loss);
        }
    }

    [Fact]
    public void ValidCallChangesPriorsSoTheStateChecksCanSeeAChange()
    {
        var probe = new ProbeObjective(2, Families.Seed);
        var before = Snapshot(probe);
        var (logits, labels) = Batch();
        probe.Compute(logits, labels);
        var counts = Values(probe.get_buffer(LabelPriors.WeightedLabelCountsName)!);
        Assert.Equal(new[] { 1.0 + 2, 1.0 + 2 }, counts);
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertStateEquals(before, probe));
    }

    [Fact]
    public void VectorLogitsWithMatrixLabelsAreAMismatch()
        => AssertRejectedWithoutStateChange(1,
            p => p.Compute(torch.zeros(4), torch.zeros(4, 1)), "labels", "[4]", "[4, 1]", "same shape");

    [Fact]
    public void MatrixLogitsWithVectorLabelsAreAMismatch()
        => AssertRejectedWithoutStateChange(1,
            p => p.Compute(torch.zeros(4, 1), torch.zeros(4)), "labels", "[4, 1]", "[4]");

    [Fact]
    public void DifferentBatchSizesAreAMismatch()
        => AssertRejectedWithoutStateChange(2,
            p => p.Compute(torch.zeros(4, 2), torch.zeros(5, 2)), "labels", "[4, 2]", "[5, 2]");

    [Fact]
    public void ForwardChecksShapesToo()
        => AssertRejectedWithoutStateChange(2,
            p => p.call(torch.zeros(4, 2), torch.zeros(2, 4)), "labels", "[4, 2]", "[2, 4]");

    [Fact]
    public void RankAboveTwoIsRejected()
        => AssertRejectedWithoutStateChange(2,
            p => p.Compute(torch.zeros(4, 2, 3), torch.zeros(4, 2, 3)), "logits", "rank 3", "[4, 2, 3]", "[B] or [B, L]");

    [Fact]
    public void ScalarLogitsAreRejected()
        => AssertRejectedWithoutStateChange(1,
            p => p.Compute(torch.tensor(0.5f), torch.tensor(1f)), "logits", "rank 0", "[B] or [B, L]");

    [Fact]
    public void LabelDimensionOtherThanNumLabelsIsRejected()
        => AssertRejectedWithoutStateChange(2,
            p => p.Compute(torch.zeros(4, 3), torch.zeros(4, 3)), "logits", "3 label column(s)", "numLabels = 2", "[B, 2]");

    [Fact]
    public void VectorInputToAMultiLabelLossIsRejected()
        => AssertRejectedWithoutStateChange(2,
            p => p.Compute(torch.zeros(4), torch.zeros(4)), "logits", "1 label column(s)", "numLabels = 2");

    [Theory]
    [InlineData(new long[] { 3 }, "[3]")]
    [InlineData(new long[] { 4, 3 }, "[4, 3]")]
    [InlineData(new long[] { 2, 2 }, "[2, 2]")]
    [InlineData(new long[] { 4, 2, 1 }, "[4, 2, 1]")]
    public void WeightsThatDoNotBroadcastAreRejected(long[] weightShape, string seen)
        => AssertRejectedWithoutStateChange(2, p =>
        {
            var (logits, labels) = Batch();
            return p.Compute(logits, labels, torch.ones(weightShape));
        }, "weights", seen, "do not broadcast", "[4, 2]");

    [Fact]
    public void NegativeWeightsAreRejected()
        => AssertRejectedWithoutStateChange(2, p =>
        {
            var (logits, labels) = Batch();
            return p.Compute(logits, labels, torch.tensor(new[] { 1f, -0.5f, 2f, 0f }));
        }, "weights", "negative", "-0.5");

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteWeightsAreRejected(float bad)
        => AssertRejectedWithoutStateChange(2, p =>
        {
            var (logits, labels) = Batch();
            return p.Compute(logits, labels, torch.tensor(new[] { 1f, bad, 2f, 0f }).reshape(4, 1));
        }, "weights", "1 NaN or infinite");

    [Theory]
    [InlineData(1.5f, "1.5")]
    [InlineData(-0.25f, "-0.25")]
    public void LabelsOutsideTheUnitIntervalAreRejected(float bad, string seen)
        => AssertRejectedWithoutStateChange(2, p =>
        {
            var (logits, labels) = Batch();
            labels[2, 1] = torch.tensor(bad);
            return p.Compute(logits, labels);
        }, "labels", seen, "[0, 1]");

    [Fact]
    public void NaNLabelsAreRejected()
        => AssertRejectedWithoutStateChange(2, p =>
        {
            var (logits, labels) = Batch();
            labels[0, 0] = torch.tensor(float.NaN);
            return p.Compute(logits, labels);
        }, "labels", "1 NaN");

    [Fact]
    public void IntegerLabelsOutsideTheUnitIntervalAreRejected()
        => AssertRejectedWithoutStateChange(1,
            p => p.Compute(torch.zeros(3), torch.tensor(new long[] { 0, 1, 2 })), "labels", "[0, 2]");

    [Theory]
    [InlineData(new long[] { 0 })]
    [InlineData(new long[] { 0, 2 })]
    public void EmptyBatchIsRejected(long[] shape)
        => AssertRejectedWithoutStateChange(shape.Length == 1 ? 1 : 2,
            p => p.Compute(torch.zeros(shape), torch.zeros(shape)), "logits", "empty", "B >= 1");

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteLogitsAreRejectedByDefault(float bad)
        => AssertRejectedWithoutStateChange(2, p =>
        {
            var (logits, labels) = Batch();
            logits[1, 0] = torch.tensor(bad);
            return p.Compute(logits, labels);
        }, "logits", "1 NaN or infinite", "ValidateInputs");

    [Fact]
    public void NonFiniteLogitsPropagateWhenValidationIsOff()
    {
        var probe = new ProbeObjective(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, ValidateInputs = false });
        var (logits, labels) = Batch();
        logits[1, 0] = torch.tensor(float.NaN);
        var loss = Values(probe.Compute(logits, labels).Loss);
        Assert.True(double.IsNaN(loss[2]));
        Assert.All(loss.Where((_, i) => i != 2), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Bool)]
    public void NonFloatingLogitsAreRejected(ScalarType dtype)
        => AssertRejectedWithoutStateChange(2,
            p => p.Compute(torch.zeros(new long[] { 4, 2 }, dtype: dtype), torch.zeros(4, 2)), "logits", dtype.ToString(), "floating-point");

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void DualRateFactorMustBePositiveAndFinite(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeObjective(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, DualRateFactor = rate }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("DualRateFactor", error.Message, StringComparison.Ordinal);
        Assert.Contains("positive, finite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteInitialLambdaIsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeObjective(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LambdasInitialValue = double.NaN }));
        Assert.Contains("LambdasInitialValue", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void NumLabelsMustBePositive(int numLabels)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeObjective(numLabels, Families.Seed));
        Assert.Equal("numLabels", error.ParamName);
    }

    [Theory]
    [InlineData(new[] { 0.5 }, 2)]
    [InlineData(new[] { 0.5, 0.5, 0.5 }, 2)]
    public void TargetsOfTheWrongLengthAreRejected(double[] targets, int numLabels)
    {
        var error = Assert.Throws<ArgumentException>(() => new ProbeObjective(numLabels, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = targets }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains($"{targets.Length} value(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"one per label ({numLabels})", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.2, "1.2")]
    [InlineData(-0.1, "-0.1")]
    [InlineData(double.NaN, "NaN")]
    public void TargetsOutsideTheUnitIntervalAreRejected(double bad, string seen)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeObjective(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = new[] { 0.5, bad } }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("Targets[1] = " + seen, error.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetsOnAnObjectiveWithoutConstraintAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ProbeObjective(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = new[] { 0.5 } }, ObjectiveState.Anchored(3)));
        Assert.Contains("[Constraint]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetsAreSnapshotAtConstruction()
    {
        var targets = new[] { 0.3, 0.6 };
        var probe = new ProbeObjective(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = targets });
        targets[0] = 0.9;
        Assert.Equal(new[] { 0.3, 0.6 }, probe.Targets);
    }

    [Theory]
    [InlineData(new long[] { 3 }, "[3]")]
    [InlineData(new long[] { 2, 1 }, "[2, 1]")]
    [InlineData(new long[] { }, "[]")]
    public void LabelPriorsOfTheWrongShapeAreRejected(long[] shape, string seen)
    {
        var priors = torch.full(shape, 0.4);
        var error = Assert.Throws<ArgumentException>(() => new ProbeObjective(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = priors }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains(seen, error.Message, StringComparison.Ordinal);
        Assert.Contains("expected [2]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void LabelPriorsOutsideTheOpenUnitIntervalAreRejected(double bad)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ProbeObjective(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = torch.tensor(new[] { 0.3, bad }) }));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("LabelPriors[1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("(0, 1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelPriorsOnAnObjectiveWithoutPriorsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new ProbeObjective(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = torch.tensor(0.5) }, ObjectiveState.None));
        Assert.Contains("LabelPriors", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { })]
    [InlineData(new long[] { 1 })]
    public void ScalarOrSizeOnePriorsAreAcceptedForOneLabel(long[] shape)
    {
        var probe = new ProbeObjective(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = torch.full(shape, 0.25) });
        var output = probe.Compute(torch.zeros(3), torch.ones(3));
        Assert.Equal(new[] { 0.25 }, Values(output.LabelPriors!));
        Assert.DoesNotContain(probe.named_buffers(), b => b.name is LabelPriors.WeightedLabelCountsName or LabelPriors.WeightSumName);
    }

    [Theory]
    [InlineData(new long[] { })]
    [InlineData(new long[] { 1 })]
    [InlineData(new long[] { 4 })]
    [InlineData(new long[] { 4, 1 })]
    [InlineData(new long[] { 1, 2 })]
    [InlineData(new long[] { 1, 1 })]
    [InlineData(new long[] { 4, 2 })]
    public void BroadcastableWeightsAreAcceptedAndActPerExampleAndLabel(long[] shape)
    {
        var probe = new ProbeObjective(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = torch.tensor(new[] { 0.5, 0.5 }) });
        var (logits, labels) = Batch();
        var weights = torch.full(shape, 2.0f);
        var weighted = probe.Compute(logits, labels, weights);
        var plain = probe.Compute(logits, labels);
        // The λ-term carries no weight (seed §12 item 9): weighted = 2·surrogate − λ(1−p)π·m2 = 2·plain + λ(1−p)π·m2.
        var shift = 1.0 * 0.5 * 0.5 * Math.Log(2);
        AssertClose(Values(plain.Loss).Select(v => 2 * v + shift).ToArray(), Values(weighted.Loss), 1e-5, 1e-6);
    }

    [Fact]
    public void BooleanAndIntegerLabelsAreCastToTheLogitsDtype()
    {
        var probe = new ProbeObjective(1, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = torch.tensor(0.5) });
        var logits = torch.tensor(new[] { 0.3, -1.2, 2.0 });
        var fromBool = probe.Compute(logits, torch.tensor(new[] { true, false, true }));
        var fromLong = probe.Compute(logits, torch.tensor(new long[] { 1, 0, 1 }));
        var fromFloat = probe.Compute(logits, torch.tensor(new[] { 1f, 0f, 1f }));
        Assert.Equal(ScalarType.Float64, fromBool.Loss.dtype);
        Assert.Equal(Values(fromFloat.Loss), Values(fromBool.Loss));
        Assert.Equal(Values(fromFloat.Loss), Values(fromLong.Loss));
    }
}
