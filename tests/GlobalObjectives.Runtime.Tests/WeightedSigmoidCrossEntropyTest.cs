using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Port of util_test.py's <c>WeightedSigmoidCrossEntropyTest</c> (seed spec §8.11).</summary>
public class WeightedSigmoidCrossEntropyTest
{
    [Fact]
    public void TestTrivialCompatibilityWithSigmoidCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_01);
        var targets = TestData.Rand(g, 300, 10);   // soft targets
        var logits = TestData.Randn(g, 300, 10);

        var weighted = Surrogates.WeightedSigmoidCrossEntropy(targets, logits);
        var expected = F.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None);

        Assert.Equal(ScalarType.Float32, weighted.dtype);
        TensorAssert.AllClose(weighted, expected, what: "default-weight xent vs sigmoid cross-entropy");
    }

    [Fact]
    public void TestNonTrivialCompatibilityWithSigmoidCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_02);
        var targets = TestData.Rand(g, 300, 10);
        var logits = TestData.Randn(g, 300, 10);

        var weighted = Surrogates.WeightedSigmoidCrossEntropy(targets, logits, 4.12, 4.12);
        var expected = 4.12 * F.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None);

        TensorAssert.AllClose(weighted, expected, what: "xent with c = d = 4.12 vs 4.12 × cross-entropy");
    }

    [Fact]
    public void TestDifferentSizeWeightedSigmoidCrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_03);
        var targets = TestData.Rand(g, 30, 4);
        var logits = TestData.Randn(g, 30, 4, 3);
        double[] positiveWeights = { 2.0, 3.0, 13.0 };

        var loss = Surrogates.WeightedSigmoidCrossEntropy(targets, logits, torch.tensor(positiveWeights, dtype: ScalarType.Float32));

        Assert.Equal(new long[] { 30, 4, 3 }, loss.shape);
        var t = TensorAssert.ToDoubles(targets);
        for (long i = 0; i < 3; i++)
        {
            var slice = logits.select(2, i);
            var expected = TestData.WeightedXentReference(t, TensorAssert.ToDoubles(slice), positiveWeights[i]);
            TensorAssert.AllClose(loss.select(2, i), expected, new long[] { 30, 4 }, what: $"slice {i} (positive weight {positiveWeights[i]})");
        }
    }

    [Theory]
    [InlineData(300, 10, 0.3)]
    [InlineData(20, 4, 2.0)]
    [InlineData(30, 4, 3.9)]
    public void TestWeightedSigmoidCrossEntropy(int batchSize, int numLabels, double weight)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_04 + batchSize);
        var targets = TestData.Rand(g, batchSize, numLabels);
        var logits = TestData.Randn(g, batchSize, numLabels);

        var loss = Surrogates.WeightedSigmoidCrossEntropy(targets, logits, weight, 1.0);

        var expected = TestData.WeightedXentReference(TensorAssert.ToDoubles(targets), TensorAssert.ToDoubles(logits), weight);
        TensorAssert.AllClose(loss, expected, new long[] { batchSize, numLabels }, what: "weighted-loss");
    }

    [Fact]
    public void TestGradients()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_05);
        double positiveWeight = 4.6, negativeWeight = 0.9;
        var dummy = torch.tensor(1.0f, requires_grad: true);
        var positiveVariable = (TestData.Randn(g, 10, 1) + 1).requires_grad_(true);
        var negativeVariable = TestData.Randn(g, 190, 1).requires_grad_(true);
        var positiveLogits = dummy * positiveVariable;
        var negativeLogits = dummy * negativeVariable;
        var positiveTargets = torch.ones(10, 1);
        var negativeTargets = torch.zeros(190, 1);

        var allLogits = torch.cat(new[] { positiveLogits, negativeLogits }, 0);
        var allTargets = torch.cat(new[] { positiveTargets, negativeTargets }, 0);
        var weightedLoss = Surrogates.WeightedSigmoidCrossEntropy(allTargets, allLogits, positiveWeight, negativeWeight).sum();
        var referenceLoss =
            positiveWeight * F.binary_cross_entropy_with_logits(positiveLogits, positiveTargets, reduction: nn.Reduction.Sum)
            + negativeWeight * F.binary_cross_entropy_with_logits(negativeLogits, negativeTargets, reduction: nn.Reduction.Sum);

        // Both losses share the dummy·variable products: keep the graph for the second gradient
        // (THSAutograd_grad aborts the process instead of throwing when the graph was freed).
        var weightedGrad = torch.autograd.grad(new[] { weightedLoss }, new[] { dummy }, retain_graph: true)[0];
        var referenceGrad = torch.autograd.grad(new[] { referenceLoss }, new[] { dummy })[0];

        Assert.NotEqual(0.0, referenceGrad.ToDouble());
        TensorAssert.AllClose(weightedGrad, referenceGrad, what: "∂loss/∂dummy");
    }

    [Fact]
    public void TestDtypeFlexibility()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_06);
        var logits = torch.randn(new long[] { 20, 3 }, dtype: ScalarType.Float64, generator: g);
        var targets = torch.nn.init.trunc_normal_(torch.empty(20, 3, dtype: ScalarType.Float32), generator: g);
        var positiveWeights = torch.tensor(3L);
        var negativeWeights = torch.tensor(1L);

        var loss = Surrogates.WeightedSigmoidCrossEntropy(targets, logits, positiveWeights, negativeWeights);

        Assert.Equal(ScalarType.Float64, loss.dtype);
        Assert.Equal(new long[] { 20, 3 }, loss.shape);
        var expected = TestData.WeightedXentReference(TensorAssert.ToDoubles(targets), TensorAssert.ToDoubles(logits), 3.0);
        TensorAssert.AllClose(loss, expected, new long[] { 20, 3 }, what: "float64 logits, float32 labels, int64 weights");
    }
}
