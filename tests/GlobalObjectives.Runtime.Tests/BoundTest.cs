using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Port of loss_layers_test.py's <c>BoundTest</c> (seed spec §8.9).</summary>
public class BoundTest
{
    /// <summary>Scalar 1.0 as in the seed's unweighted cases; otherwise the per-example weights as a [6, 1] array.</summary>
    private static Tensor Weights(double[]? perExample)
        => perExample is null ? torch.tensor(1.0f) : torch.tensor(perExample.Select(w => (float)w).ToArray(), new long[] { perExample.Length, 1 });

    [Theory]
    [InlineData("xent", SurrogateType.Xent, null, new[] { 2.0, 1.0 })]
    [InlineData("xent_weighted", SurrogateType.Xent, new[] { 0, 2, 0.5, 1, 2, 3 }, new[] { 2.5, 0 })]
    [InlineData("hinge", SurrogateType.Hinge, null, new[] { 2.0, 1.0 })]
    [InlineData("hinge_weighted", SurrogateType.Hinge, new[] { 1.0, 2, 3, 4, 5, 6 }, new[] { 5.0, 1 })]
    public void TestLowerBoundMultilabel(string testCase, SurrogateType surrogate, double[]? weights, double[] expected)
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.MultilabelData();

        var bound = Bounds.TruePositivesLowerBound(targets, logits, Weights(weights), surrogate);

        TensorAssert.AllClose(bound, expected, new long[] { 2 }, what: $"testLowerBoundMultilabel_{testCase}");
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void TestLowerBoundOtherMultilabel(SurrogateType surrogate)
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.OtherMultilabelData(surrogate);

        var bound = Bounds.TruePositivesLowerBound(targets, logits, torch.tensor(1.0f), surrogate);

        TensorAssert.AllClose(bound, new[] { 4.0, 2.0 }, new long[] { 2 }, atol: 1e-5, what: $"testLowerBoundOtherMultilabel ({surrogate})");
    }

    [Theory]
    [InlineData("xent", SurrogateType.Xent, null, new[] { 1.0, 2.0 })]
    [InlineData("xent_weighted", SurrogateType.Xent, new[] { 3.0, 2, 1, 0, 1, 2 }, new[] { 2.0, 1.0 })]
    [InlineData("hinge", SurrogateType.Hinge, null, new[] { 1.0, 2.0 })]
    [InlineData("hinge_weighted", SurrogateType.Hinge, new[] { 13, 12, 11, 0.5, 0, 0.5 }, new[] { 0.5, 0.5 })]
    public void TestUpperBoundMultilabel(string testCase, SurrogateType surrogate, double[]? weights, double[] expected)
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.MultilabelData();

        var bound = Bounds.FalsePositivesUpperBound(targets, logits, Weights(weights), surrogate);

        TensorAssert.AllClose(bound, expected, new long[] { 2 }, what: $"testUpperBoundMultilabel_{testCase}");
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void TestUpperBoundOtherMultilabel(SurrogateType surrogate)
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.OtherMultilabelData(surrogate);

        var bound = Bounds.FalsePositivesUpperBound(targets, logits, torch.tensor(1.0f), surrogate);

        TensorAssert.AllClose(bound, new[] { 2.0, 4.0 }, new long[] { 2 }, atol: 1e-5, what: $"testUpperBoundOtherMultilabel ({surrogate})");
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("upper")]
    public void TestThreeDimensionalLogits(string bound)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(89_01 + bound.Length);
        var labels = TestData.UniformAbove(g, 0.5, 2, 3);
        var logits = TestData.Randn(g, 2, 3, 2);
        var weights = torch.tensor(1.0f);
        Func<Tensor, Tensor, Tensor> compute = bound == "lower"
            ? (y, x) => Bounds.TruePositivesLowerBound(y, x, weights, SurrogateType.Xent)
            : (y, x) => Bounds.FalsePositivesUpperBound(y, x, weights, SurrogateType.Xent);

        var full = compute(labels, logits);
        var stacked = torch.stack(new[] { compute(labels, logits.select(2, 0)), compute(labels, logits.select(2, 1)) }, 1);

        Assert.Equal(new long[] { 3, 2 }, full.shape);
        TensorAssert.AllClose(full, stacked, what: $"testThreeDimensionalLogits_{bound}");
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void BoundsMatchTheirFormulasOnRandomSoftData(SurrogateType surrogate)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(89_11 + (int)surrogate);
        var labels = TestData.Rand(g, 9, 3);
        var logits = TestData.Randn(g, 9, 3) * 3;
        var weights = TestData.Rand(g, 9, 3) * 2;

        var lower = Bounds.TruePositivesLowerBound(labels, logits, weights, surrogate);
        var upper = Bounds.FalsePositivesUpperBound(labels, logits, weights, surrogate);

        var y = TensorAssert.ToDoubles(labels);
        var x = TensorAssert.ToDoubles(logits);
        var w = TensorAssert.ToDoubles(weights);
        double m2 = surrogate == SurrogateType.Xent ? Math.Log(2) : 1.0;
        var expectedLower = new double[3];
        var expectedUpper = new double[3];
        for (int i = 0; i < y.Length; i++)
        {
            double onPositive = surrogate == SurrogateType.Xent ? Math.Log(1 + Math.Exp(-x[i])) : Math.Max(0, 1 - x[i]);
            double onNegative = surrogate == SurrogateType.Xent ? Math.Log(1 + Math.Exp(x[i])) : Math.Max(0, 1 + x[i]);
            expectedLower[i % 3] += w[i] * (y[i] - onPositive * y[i] / m2);
            expectedUpper[i % 3] += w[i] * (1 - y[i]) * onNegative / m2;
        }
        TensorAssert.AllClose(lower, expectedLower, new long[] { 3 }, what: "TP lower bound");
        TensorAssert.AllClose(upper, expectedUpper, new long[] { 3 }, what: "FP upper bound");
    }

    [Fact]
    public void NullWeightsMeanOne()
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.MultilabelData();

        TensorAssert.AllClose(Bounds.TruePositivesLowerBound(targets, logits, null, SurrogateType.Hinge), new[] { 2.0, 1.0 }, new long[] { 2 });
        TensorAssert.AllClose(Bounds.FalsePositivesUpperBound(targets, logits, null, SurrogateType.Hinge), new[] { 1.0, 2.0 }, new long[] { 2 });
    }

    [Fact]
    public void PerExampleWeightsOfThreeDimensionalLogitsWeightEveryAnchor()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(89_21);
        var labels = TestData.UniformAbove(g, 0.5, 4, 3);
        var logits = TestData.Randn(g, 4, 3, 2);
        var weights = torch.tensor(new[] { 1f, 0f, 2f, 0.5f }, new long[] { 4, 1 });

        var full = Bounds.FalsePositivesUpperBound(labels, logits, weights, SurrogateType.Xent);
        var stacked = torch.stack(new[]
        {
            Bounds.FalsePositivesUpperBound(labels, logits.select(2, 0), weights, SurrogateType.Xent),
            Bounds.FalsePositivesUpperBound(labels, logits.select(2, 1), weights, SurrogateType.Xent),
        }, 1);

        TensorAssert.AllClose(full, stacked, what: "[B, 1] weights on [B, L, K] logits");
    }

    [Fact]
    public void OneDimensionalWeightsArePerExample()
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.MultilabelData();
        double[] perExample = { 0, 2, 0.5, 1, 2, 3 };

        var flat = Bounds.TruePositivesLowerBound(targets, logits, torch.tensor(perExample.Select(w => (float)w).ToArray()), SurrogateType.Xent);

        TensorAssert.AllClose(flat, new[] { 2.5, 0 }, new long[] { 2 }, what: "[B] weights");
    }

    [Fact]
    public void InputsThatDoNotFitAreRejectedWithTheirShapes()
    {
        using var scope = torch.NewDisposeScope();
        var (targets, logits) = SeedData.MultilabelData();

        var labels = Assert.Throws<ArgumentException>(() => Bounds.TruePositivesLowerBound(targets.select(1, 0), logits, null, SurrogateType.Xent));
        Assert.Equal("labels", labels.ParamName);
        Assert.Contains("[6]", labels.Message);
        Assert.Contains("[6, 2]", labels.Message);

        var weights = Assert.Throws<ArgumentException>(() => Bounds.FalsePositivesUpperBound(targets, logits, torch.ones(6, 3), SurrogateType.Xent));
        Assert.Equal("weights", weights.ParamName);
        Assert.Contains("[6, 3]", weights.Message);

        var oneDimensional = Assert.Throws<ArgumentException>(() => Bounds.FalsePositivesUpperBound(targets.select(1, 0), logits.select(1, 0), null, SurrogateType.Hinge));
        Assert.Equal("logits", oneDimensional.ParamName);
    }
}
