using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>Seed §8.5 FalsePositiveRateAtTruePositiveRateTest (the Lagrange cases are in <see cref="LagrangeMultiplierTests"/>).</summary>
public class FprAtTprTests
{
    /// <summary>testNegativesOnlyLoss: target 0.6, λ = 0, random priors: the surrogate on negatives only (c = 0, d = 1).</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void NegativesOnlyLoss(SurrogateType surrogate)
    {
        var logits = Randn(71, 3, 3);
        var targets = Targets(72, 0.4, 3, 3);
        var loss = new FprAtTpr75(3, new ObjectiveOptions
        {
            DualUpdate = DualUpdate.GradientReversal,
            Targets = SeedData.Repeat(0.6, 3),
            LabelPriors = Rand(73, 3),
            LambdasInitialValue = 0,
            Surrogate = surrogate,
        });
        AssertClose(Surrogates.Weighted(surrogate, targets, logits, 0.0, 1.0), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testPositivesOnlyLoss: target 1, all-positive labels, λ = 1: cross-entropy (xent) or the plain hinge.</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void PositivesOnlyLoss(SurrogateType surrogate)
    {
        var logits = Randn(74, 5, 5);
        var targets = torch.ones(5, 5);
        var loss = new FprAtTpr75(5, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = SeedData.Repeat(1.0, 5), LabelPriors = Rand(75, 5), Surrogate = surrogate });
        var expected = surrogate == SurrogateType.Xent ? SeedData.Xent(targets, logits) : Surrogates.WeightedHinge(targets, logits);
        AssertClose(expected, loss.Compute(logits, targets).Loss);
    }

    /// <summary>testEqualWeightLoss: target 1, priors 0.5: cross-entropy.</summary>
    [Fact]
    public void EqualWeightLoss()
    {
        var logits = Randn(76, 40, 4);
        var targets = Targets(77, 0.6, 40, 4);
        var loss = new FprAtTpr75(4, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = SeedData.Repeat(1.0, 4), LabelPriors = SeedData.ConstantPriors(0.5, 4) });
        AssertClose(SeedData.Xent(targets, logits), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testEquivalenceBetweenSingleAndEqualMultipleRates: [0.75, 0.75] equals the declared scalar 0.75.</summary>
    [Fact]
    public void EquivalenceBetweenSingleAndEqualMultipleRates()
    {
        TargetEquivalences.EqualVectorMatchesDeclaredScalar((l, o) => new FprAtTpr75(l, o), seed: 78);
    }

    /// <summary>testEquivalenceBetweenSingleAndMultipleRates: rates [0.7, 0.9, 0.4] equal three single-label losses.</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void EquivalenceBetweenSingleAndMultipleRates(SurrogateType surrogate)
    {
        TargetEquivalences.PerLabelMatchesSingleLabelLosses(
            (l, o) => new FprAtTpr75(l, o), new[] { 0.7, 0.9, 0.4 }, new[] { 0.45, 0.45, 0.45 }, surrogate, seed: 80);
    }

    /// <summary>FPR@TPR is the seed's alias of precision@recall: the same loss for the same target.</summary>
    [Fact]
    public void IsPrecisionAtRecall()
    {
        var logits = Randn(82, 12, 2);
        var targets = Targets(83, 0.5, 12, 2);
        var fpr = new FprAtTpr75(2).Compute(logits, targets);
        var par = new PrecisionAtRecall75(2).Compute(logits, targets);
        AssertClose(par.Loss, fpr.Loss);
        AssertClose(par.LabelPriors!, fpr.LabelPriors!);
    }
}

/// <summary>Seed §8.6 TruePositiveRateAtFalsePositiveRateTest (the Lagrange cases are in <see cref="LagrangeMultiplierTests"/>).</summary>
public class TprAtFprTests
{
    /// <summary>testPositivesOnlyLoss: λ = 0 leaves the surrogate on positives only (c = 1, d = 0).</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void PositivesOnlyLoss(SurrogateType surrogate)
    {
        double rate = Values(Rand(91, 1))[0];
        var logits = Randn(92, 20, 3);
        var targets = Targets(93, 0.6, 20, 3);
        var loss = new TprAtFpr75(3, new ObjectiveOptions
        {
            DualUpdate = DualUpdate.GradientReversal,
            Targets = SeedData.Repeat(rate, 3),
            LabelPriors = Rand(94, 3),
            LambdasInitialValue = 0,
            Surrogate = surrogate,
        });
        AssertClose(Surrogates.Weighted(surrogate, targets, logits, 1.0, 0.0), loss.Compute(logits, targets).Loss);
    }

    /// <summary>testNegativesOnlyLoss: all-negative labels, λ = 1: the surrogate minus r(1 − π)·m2, broadcast over rows.</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void NegativesOnlyLoss(SurrogateType surrogate)
    {
        double rate = Values(Rand(95, 1))[0];
        var logits = Randn(96, 25, 3);
        var targets = torch.zeros(25, 3);
        var priors = Rand(97, 3);
        var loss = new TprAtFpr75(3, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Targets = SeedData.Repeat(rate, 3), LabelPriors = priors, Surrogate = surrogate });
        var surrogateLoss = surrogate == SurrogateType.Xent
            ? Surrogates.WeightedSigmoidCrossEntropy(targets, logits, 0.0, 1.0)
            : Surrogates.WeightedHinge(targets, logits);
        var expected = surrogateLoss - rate * (1 - priors) * Surrogates.MaybeLog2(surrogate);
        AssertClose(expected, loss.Compute(logits, targets).Loss);
    }

    /// <summary>testEquivalenceBetweenSingleAndEqualMultipleRates: [0.75, 0.75] equals the declared scalar 0.75.</summary>
    [Fact]
    public void EquivalenceBetweenSingleAndEqualMultipleRates()
    {
        TargetEquivalences.EqualVectorMatchesDeclaredScalar((l, o) => new TprAtFpr75(l, o), seed: 98);
    }

    /// <summary>testEquivalenceBetweenSingleAndMultipleRates: rates [0.7, 0.9, 0.4] equal three single-label losses.</summary>
    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void EquivalenceBetweenSingleAndMultipleRates(SurrogateType surrogate)
    {
        TargetEquivalences.PerLabelMatchesSingleLabelLosses(
            (l, o) => new TprAtFpr75(l, o), new[] { 0.7, 0.9, 0.4 }, new[] { 0.45, 0.45, 0.45 }, surrogate, seed: 100);
    }
}
