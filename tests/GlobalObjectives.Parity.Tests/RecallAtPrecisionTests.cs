using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Seed §8.3 RecallAtPrecisionTest (the Lagrange cases are in <see cref="LagrangeMultiplierTests"/>).</summary>
public class RecallAtPrecisionTests
{
    /// <summary>testEqualWeightLoss: p = 1 and λ = 1 give plain sigmoid cross-entropy.</summary>
    [Fact]
    public void EqualWeightLoss()
    {
        var logits = Randn(41, 20, 5);
        var targets = Targets(42, 0.7, 20, 5);
        var loss = new RecallAtPrecision75(5, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = SeedData.Repeat(1.0, 5), LabelPriors = SeedData.ConstantPriors(0.34, 5) });
        AssertClose(SeedData.Xent(targets, logits), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testEqualWeightLossWithMultiplePrecisions: p = [1, 1], explicit xent.</summary>
    [Fact]
    public void EqualWeightLossWithMultiplePrecisions()
    {
        var logits = Randn(43, 20, 2);
        var targets = Targets(44, 0.7, 20, 2);
        var loss = new RecallAtPrecision75(2, new ObjectiveOptions
        {
            DualUpdate = DualUpdate.GradientReversal,
            Targets = new[] { 1.0, 1.0 },
            LabelPriors = SeedData.ConstantPriors(0.34, 2),
            Surrogate = SurrogateType.Xent,
        });
        AssertClose(SeedData.Xent(targets, logits), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testPositivesOnlyLoss: λ = 0 leaves cross-entropy on the positives only (c = 1, d = 0).</summary>
    [Fact]
    public void PositivesOnlyLoss()
    {
        var logits = Randn(45, 30, 3);
        var targets = Targets(46, 0.4, 30, 3);
        var loss = new RecallAtPrecision75(3, new ObjectiveOptions
        {
            DualUpdate = DualUpdate.GradientReversal,
            Targets = SeedData.Repeat(1.0, 3),
            LabelPriors = SeedData.ConstantPriors(0.45, 3),
            LambdasInitialValue = 0,
        });
        AssertClose(Surrogates.WeightedSigmoidCrossEntropy(targets, logits, 1.0, 0.0), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testEquivalenceBetweenSingleAndMultiplePrecisions: per-label targets and priors equal three single-label losses.</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void EquivalenceBetweenSingleAndMultiplePrecisions(SurrogateType surrogate)
    {
        TargetEquivalences.PerLabelMatchesSingleLabelLosses(
            (l, o) => new RecallAtPrecision75(l, o), new[] { 0.2, 0.9, 0.4 }, new[] { 0.45, 0.8, 0.3 }, surrogate, seed: 47);
    }

    /// <summary>testEquivalenceBetweenSingleAndEqualMultiplePrecisions: p = [0.75, 0.75] equals the declared scalar 0.75.</summary>
    [Fact]
    public void EquivalenceBetweenSingleAndEqualMultiplePrecisions()
    {
        TargetEquivalences.EqualVectorMatchesDeclaredScalar((l, o) => new RecallAtPrecision75(l, o), seed: 49, SurrogateType.Xent);
    }
}
