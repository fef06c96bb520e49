using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Port of util_test.py's <c>WeightedSurrogateLossTest</c> (seed spec §8.11), plus the dispatcher's other entry points.</summary>
public class WeightedSurrogateLossTest
{
    [Theory]
    [InlineData(SurrogateType.Hinge)]
    [InlineData(SurrogateType.Xent)]
    public void TestCompatibilityLoss(SurrogateType surrogate)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_31 + (int)surrogate);
        var logits = TestData.Randn(g, 28, 4);
        var targets = TestData.UniformAbove(g, 0.5, 28, 4);
        double positiveWeight = 0.66, negativeWeight = 11.1;

        var dispatched = Surrogates.Weighted(surrogate, targets, logits, positiveWeight, negativeWeight);
        var direct = surrogate == SurrogateType.Hinge
            ? Surrogates.WeightedHinge(targets, logits, positiveWeight, negativeWeight)
            : Surrogates.WeightedSigmoidCrossEntropy(targets, logits, positiveWeight, negativeWeight);

        TensorAssert.AllClose(dispatched, direct, what: $"Weighted({surrogate}) vs the direct call");
        // And the direct call is the formula, not just the same code path twice.
        var t = TensorAssert.ToDoubles(targets);
        var x = TensorAssert.ToDoubles(logits);
        var expected = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double lossOnPositive = surrogate == SurrogateType.Hinge ? Math.Max(0, 1 - x[i]) : Math.Log(1 + Math.Exp(-x[i]));
            double lossOnNegative = surrogate == SurrogateType.Hinge ? Math.Max(0, 1 + x[i]) : Math.Log(1 + Math.Exp(x[i]));
            expected[i] = positiveWeight * t[i] * lossOnPositive + negativeWeight * (1 - t[i]) * lossOnNegative;
        }
        TensorAssert.AllClose(dispatched, expected, new long[] { 28, 4 }, what: $"Weighted({surrogate}) vs the formula");
    }

    [Fact]
    public void TestSurrogatgeError()
    {
        using var scope = torch.NewDisposeScope();
        var labels = torch.ones(3, 1);
        var logits = torch.zeros(3, 1);
        var bug = (SurrogateType)42;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Surrogates.Weighted(bug, labels, logits));
        Assert.Equal("surrogate", error.ParamName);
        Assert.Contains("42", error.Message);
        Assert.Contains("Xent", error.Message);
        Assert.Contains("Hinge", error.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => Surrogates.Weighted(bug, labels, logits, 1.0, 1.0));
        Assert.Equal("surrogate", Assert.Throws<ArgumentOutOfRangeException>(() => Surrogates.MaybeLog2(bug)).ParamName);
    }

    [Fact]
    public void MaybeLog2IsLn2ForXentAndOneForHinge()
    {
        Assert.Equal(Math.Log(2.0), Surrogates.MaybeLog2(SurrogateType.Xent));
        Assert.Equal(1.0, Surrogates.MaybeLog2(SurrogateType.Hinge));
    }

    [Fact]
    public void ExpandOuterPrependsUnitAxes()
    {
        using var scope = torch.NewDisposeScope();
        var matrix = torch.arange(12, dtype: ScalarType.Float32).reshape(3, 4);

        var expanded = Surrogates.ExpandOuter(matrix, 3);
        Assert.Equal(new long[] { 1, 3, 4 }, expanded.shape);
        TensorAssert.AllClose(expanded.reshape(3, 4), matrix);
        Assert.Equal(new long[] { 1, 1 }, Surrogates.ExpandOuter(torch.tensor(2.0), 2).shape);
        Assert.Same(matrix, Surrogates.ExpandOuter(matrix, 2));

        var error = Assert.Throws<ArgumentException>(() => Surrogates.ExpandOuter(matrix, 1));
        Assert.Equal("rank", error.ParamName);
        Assert.Contains("(1 vs 2)", error.Message);
    }

    [Fact]
    public void SurrogatesRejectNullArguments()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(2, 1);
        Assert.Equal("labels", Assert.Throws<ArgumentNullException>(() => Surrogates.WeightedSigmoidCrossEntropy(null!, x)).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentNullException>(() => Surrogates.WeightedHinge(x, null!)).ParamName);
        Assert.Equal("tensor", Assert.Throws<ArgumentNullException>(() => Surrogates.ExpandOuter(null!, 2)).ParamName);
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void PerLabelWeightsBroadcastOverTheLastAxisOfTwoDimensionalLogits(SurrogateType surrogate)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_35 + (int)surrogate);
        var logits = TestData.Randn(g, 7, 3);
        var targets = TestData.Rand(g, 7, 3);
        var positive = torch.tensor(new[] { 0.5f, 2f, 7f });
        var negative = torch.tensor(new[] { 3f, 0f, 1.5f });

        var loss = Surrogates.Weighted(surrogate, targets, logits, positive, negative);

        for (long l = 0; l < 3; l++)
        {
            var column = Surrogates.Weighted(surrogate, targets.select(1, l), logits.select(1, l),
                positive[l].ToDouble(), negative[l].ToDouble());
            TensorAssert.AllClose(loss.select(1, l), column, what: $"label {l}");
        }
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void LabelsThatWouldEnlargeTheResultAreRejected(SurrogateType surrogate)
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros(5, 1);

        // [B] labels against [B, 1] logits would silently broadcast to [B, B].
        var error = Assert.Throws<ArgumentException>(() => Surrogates.Weighted(surrogate, torch.ones(5), logits));

        Assert.Equal("labels", error.ParamName);
        Assert.Contains("[5]", error.Message);
        Assert.Contains("[5, 1]", error.Message);
    }

    [Fact]
    public void WeightsThatDoNotFitTheLogitsAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var labels = torch.ones(4, 3);
        var logits = torch.zeros(4, 3);

        var tooLong = Assert.Throws<ArgumentException>(() => Surrogates.WeightedHinge(labels, logits, torch.ones(4)));
        Assert.Equal("positiveWeights", tooLong.ParamName);
        Assert.Contains("[4]", tooLong.Message);
        Assert.Contains("[4, 3]", tooLong.Message);

        var tooManyAxes = Assert.Throws<ArgumentException>(() => Surrogates.WeightedSigmoidCrossEntropy(labels, logits, null, torch.ones(1, 4, 3)));
        Assert.Equal("negativeWeights", tooManyAxes.ParamName);
    }
}
