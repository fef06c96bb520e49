using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Seed §8.4 PrecisionAtRecallTest (the Lagrange cases are in <see cref="LagrangeMultiplierTests"/>).</summary>
public class PrecisionAtRecallTests
{
    /// <summary>
    /// testCrossEntropyEquivalence and …WithMultipleRecalls: r = 1, λ = 1, streaming priors give cross-entropy. The
    /// scalar r = 1 goes through Targets too (one value per label): a declared target of exactly 1 is a degenerate
    /// constraint the analyzer may flag; scalar-versus-vector equality is tested at 0.75 below.
    /// </summary>
    [Fact]
    public void CrossEntropyEquivalence()
    {
        var logits = Randn(61, 10, 3);
        var targets = Targets(62, 0.4, 10, 3);
        var loss = new PrecisionAtRecall75(3, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = SeedData.Repeat(1.0, 3) });
        AssertClose(Surrogates.WeightedSigmoidCrossEntropy(targets, logits), loss.Compute(logits, targets).Loss);
        Assert.NotNull(loss.get_buffer(LabelPriors.WeightSumName));
    }

    /// <summary>testNegativesOnlyLoss (and …WithMultipleRecalls): λ = 0 with hinge leaves the hinge on negatives (c = 0, d = 1).</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NegativesOnlyLoss(bool multipleRecalls)
    {
        var logits = Randn(63, 8, 4);
        var targets = Targets(64, 0.6, 8, 4);
        var options = multipleRecalls
            ? new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = SeedData.Repeat(0.61828, 4), LambdasInitialValue = 0, Surrogate = SurrogateType.Hinge }
            : new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LambdasInitialValue = 0 };
        GlobalObjectiveLoss loss = multipleRecalls ? new PrecisionAtRecall75(4, options) : new PrecisionAtRecall061828Hinge(4, options);
        AssertClose(Surrogates.WeightedHinge(targets, logits, 0.0, 1.0), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testEquivalenceBetweenSingleAndMultipleRecalls: targets [0.7, 0.9, 0.4] equal three single-label losses.</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void EquivalenceBetweenSingleAndMultipleRecalls(SurrogateType surrogate)
    {
        TargetEquivalences.PerLabelMatchesSingleLabelLosses(
            (l, o) => new PrecisionAtRecall75(l, o), new[] { 0.7, 0.9, 0.4 }, new[] { 0.45, 0.45, 0.45 }, surrogate, seed: 65);
    }

    /// <summary>testEquivalenceBetweenSingleAndEqualMultipleRecalls: [0.75, 0.75] equals the declared scalar 0.75.</summary>
    [Fact]
    public void EquivalenceBetweenSingleAndEqualMultipleRecalls()
    {
        TargetEquivalences.EqualVectorMatchesDeclaredScalar((l, o) => new PrecisionAtRecall75(l, o), seed: 67);
    }
}
