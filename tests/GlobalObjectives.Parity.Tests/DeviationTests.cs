using TorchSharp;
using static TorchSharp.torch;
using static GlobalObjectives.Parity.Tests.TestUtil;

namespace GlobalObjectives.Parity.Tests;

/// <summary>The intentional deviations from the seed listed in README ("Deviations from the seed"), each pinned by a test.</summary>
public class DeviationTests
{
    /// <summary>Streaming priors update once per call in training mode (the default) and never in eval mode.</summary>
    [Theory]
    [MemberData(nameof(Families.WithState), MemberType = typeof(Families))]
    public void PriorsUpdateOnlyInTrainingMode(string family)
    {
        var loss = Families.Create(family);
        Assert.True(loss.training);
        var labels = torch.tensor(new float[] { 1, 0, 1, 1, 0, 0 }, new long[] { 3, 2 });
        var logits = Randn(191, 3, 2);
        var first = Values(loss.Compute(logits, labels).LabelPriors!);
        // (1 + positives)/(2 + 3) per label after one update: label 0 has 2 positives, label 1 has 1.
        AssertClose(new[] { 3.0 / 5, 2.0 / 5 }, first);

        loss.eval();
        var state = Snapshot(loss);
        var inEval = Values(loss.Compute(logits, labels).LabelPriors!);
        loss.call(logits, labels);
        AssertClose(first, inEval, rtol: 0, atol: 0);
        AssertStateEquals(state, loss);

        loss.train();
        var second = Values(loss.Compute(logits, labels).LabelPriors!);
        AssertClose(new[] { 5.0 / 8, 3.0 / 8 }, second);
    }

    /// <summary>The prior counts are float64 buffers, whatever the logits' dtype.</summary>
    [Fact]
    public void PriorCountsAreFloat64()
    {
        var loss = new RecallAtPrecision04(2, Families.Seed);
        loss.Compute(Randn(192, 4, 2), Targets(193, 0.5, 4, 2));
        Assert.Equal(ScalarType.Float64, loss.get_buffer(LabelPriors.WeightedLabelCountsName)!.dtype);
        Assert.Equal(ScalarType.Float64, loss.get_buffer(LabelPriors.WeightSumName)!.dtype);
    }

    /// <summary>Given priors are read once, at construction, and are no module state; duals and biases are float32 parameters.</summary>
    [Fact]
    public void GivenPriorsAreReadOnceAndParametersAreFloat32()
    {
        var priors = torch.tensor(new[] { 0.3, 0.6 });
        var loss = new PrAucThreeAnchors(2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LabelPriors = priors });
        priors.fill_(0.9);
        var output = loss.Compute(Randn(202, 4, 2).to_type(ScalarType.Float64), Targets(203, 0.5, 4, 2));
        AssertClose(new[] { 0.3, 0.6 }, Values(output.LabelPriors!));
        Assert.Equal(ScalarType.Float64, output.Loss.dtype);
        Assert.Equal(new[] { GlobalObjectiveLoss.BiasesName, GlobalObjectiveLoss.LambdasName }.Concat(GlobalObjectiveLoss.DualStateNames).OrderBy(k => k, StringComparer.Ordinal),
            loss.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(ScalarType.Float32, loss.Lambdas!.dtype);
        Assert.Equal(ScalarType.Float32, loss.Biases!.dtype);
    }

    /// <summary>[B] or [B, 1] weights with several labels and streaming priors work: weights are broadcast before summing.</summary>
    [Theory]
    [InlineData(new long[] { 4 })]
    [InlineData(new long[] { 4, 1 })]
    public void PerExampleWeightsWithSeveralLabelsUpdateThePriors(long[] weightShape)
    {
        var loss = new PrecisionAtRecall04(2);
        var labels = torch.tensor(new float[] { 1, 0, 1, 1, 0, 1, 0, 0 }, new long[] { 4, 2 });
        var w = new[] { 0.5, 2.0, 1.0, 3.0 };
        var output = loss.Compute(Randn(194, 4, 2), labels, torch.tensor(w.Select(v => (float)v).ToArray()).reshape(weightShape));
        double pos0 = 0.5 + 2.0, pos1 = 2.0 + 1.0, total = w.Sum();
        AssertClose(new[] { (1 + pos0) / (2 + total), (1 + pos1) / (2 + total) }, Values(output.LabelPriors!));
    }

    /// <summary>Lambdas in the output is λ = |v| (the seed returned the raw v); the raw variable stays available.</summary>
    [Theory]
    [MemberData(nameof(Families.WithState), MemberType = typeof(Families))]
    public void LambdasOutputIsTheMagnitude(string family)
    {
        var loss = Families.Create(family, 2, new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, LambdasInitialValue = -0.5 });
        var output = loss.Compute(Randn(195, 4, 2), Targets(196, 0.5, 4, 2));
        Assert.All(Values(loss.Lambdas!), v => Assert.Equal(-0.5, v));
        Assert.All(Values(output.Lambdas!), v => Assert.Equal(0.5, v));
        Assert.Equal(loss.Lambdas!.shape, output.Lambdas!.shape);
        Assert.False(output.Lambdas.requires_grad);
    }

    /// <summary>
    /// The bounds come only from Compute, detached; forward returns the reduced loss. PR-AUC's bounds are [L, 1] and
    /// computed without the biases, as in the seed.
    /// </summary>
    [Theory]
    [MemberData(nameof(Families.All), MemberType = typeof(Families))]
    public void OutputsShapesAndBounds(string family)
    {
        var loss = Families.Create(family);
        var logits = Randn(197, 6, 2).requires_grad_(true);
        var labels = Targets(198, 0.5, 6, 2);
        if (loss.Biases is { } biases) Families.Assign(biases, Randn(199, biases.shape));
        var output = loss.Compute(logits, labels);

        var reduced = loss.call(logits, labels);
        Assert.Equal(0, reduced.dim());
        Assert.Equal(new long[] { 6, 2 }, output.Loss.shape);
        if (family.StartsWith("RocAuc", StringComparison.Ordinal))
        {
            Assert.Null(output.Lambdas);
            Assert.Null(output.LabelPriors);
            Assert.Null(output.TruePositivesLowerBound);
            Assert.Null(output.FalsePositivesUpperBound);
            Assert.Null(output.Biases);
            return;
        }

        bool auc = family.StartsWith("PrAuc", StringComparison.Ordinal);
        var surrogate = family.EndsWith("Hinge", StringComparison.Ordinal) ? SurrogateType.Hinge : SurrogateType.Xent;
        var tp = Bounds.TruePositivesLowerBound(labels, logits, null, surrogate);
        var fp = Bounds.FalsePositivesUpperBound(labels, logits, null, surrogate);
        Assert.Equal(auc ? new long[] { 2, 1 } : new long[] { 2 }, output.TruePositivesLowerBound!.shape);
        Assert.Equal(auc ? new long[] { 2, 1 } : new long[] { 2 }, output.FalsePositivesUpperBound!.shape);
        Assert.Equal(auc ? new long[] { 1, 2, 1 } : new long[] { 2 }, output.LabelPriors!.shape);
        AssertClose(Values(tp), Values(output.TruePositivesLowerBound), 1e-6, 1e-6);
        AssertClose(Values(fp), Values(output.FalsePositivesUpperBound), 1e-6, 1e-6);
        Assert.False(output.TruePositivesLowerBound.requires_grad);
        Assert.False(output.FalsePositivesUpperBound.requires_grad);
        if (auc)
        {
            Assert.Equal(loss.Biases!.shape, output.Biases!.shape);
            Assert.False(output.Biases.requires_grad);
        }
    }

    /// <summary>forward reduces by ObjectiveOptions.Reduction: mean (default, like BCEWithLogitsLoss), sum or none.</summary>
    [Theory]
    [InlineData(nn.Reduction.Mean)]
    [InlineData(nn.Reduction.Sum)]
    [InlineData(nn.Reduction.None)]
    public void ForwardReduces(nn.Reduction reduction)
    {
        var options = new ObjectiveOptions { DualUpdate = DualUpdate.GradientReversal, Reduction = reduction, LabelPriors = torch.tensor(new[] { 0.4, 0.5 }) };
        var logits = Randn(200, 5, 2);
        var labels = Targets(201, 0.5, 5, 2);
        var elementwise = new TprAtFpr076(2, options).Compute(logits, labels).Loss;
        var reduced = new TprAtFpr076(2, options).call(logits, labels);
        var expected = reduction switch
        {
            nn.Reduction.Mean => elementwise.mean(),
            nn.Reduction.Sum => elementwise.sum(),
            _ => elementwise,
        };
        AssertClose(expected, reduced);
    }
}
