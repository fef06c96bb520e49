using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Port of util_test.py's <c>WeightedHingeLossTest</c> (seed spec §8.11).</summary>
public class WeightedHingeLossTest
{
    [Fact]
    public void TestTrivialCompatibilityWithHinge()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_11);
        var logits = TestData.Randn(g, 55, 10);
        var targets = TestData.UniformAbove(g, 0.3, 55, 10);

        var loss = Surrogates.WeightedHinge(targets, logits);

        var expected = TestData.HingeReference(TensorAssert.ToDoubles(targets), TensorAssert.ToDoubles(logits));
        TensorAssert.AllClose(loss, expected, new long[] { 55, 10 }, what: "default-weight hinge");
    }

    [Fact]
    public void TestLessTrivialCompatibilityWithHinge()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_12);
        var logits = TestData.Randn(g, 56, 11);
        var targets = TestData.UniformAbove(g, 0.7, 56, 11);
        double weight = 1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4 + 1.0 / 5 + 1.0 / 6 + 1.0 / 7;

        var loss = Surrogates.WeightedHinge(targets, logits, weight, weight);

        var expected = TestData.Scale(TestData.HingeReference(TensorAssert.ToDoubles(targets), TensorAssert.ToDoubles(logits)), weight);
        TensorAssert.AllClose(loss, expected, new long[] { 56, 11 }, what: $"hinge with c = d = {weight}");
    }

    [Fact]
    public void TestNontrivialCompatibilityWithHinge()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_13);
        var positiveLogits = TestData.Randn(g, 23, 8);
        var negativeLogits = TestData.Randn(g, 23, 8);
        var logits = torch.cat(new[] { positiveLogits, negativeLogits }, 0);
        var targets = torch.cat(new[] { torch.ones(23, 8), torch.zeros(23, 8) }, 0);

        var columnSums = Surrogates.WeightedHinge(targets, logits, 3.4, 1.2).sum(0L);

        var positiveSums = TestData.ColumnSums(TestData.HingeReference(Enumerable.Repeat(1.0, 23 * 8).ToArray(), TensorAssert.ToDoubles(positiveLogits)), 8);
        var negativeSums = TestData.ColumnSums(TestData.HingeReference(new double[23 * 8], TensorAssert.ToDoubles(negativeLogits)), 8);
        var expected = positiveSums.Zip(negativeSums, (p, n) => 3.4 * p + 1.2 * n).ToArray();
        TensorAssert.AllClose(columnSums, expected, new long[] { 8 }, what: "column sums of hinge with c = 3.4, d = 1.2");
    }

    [Fact]
    public void Test3DLogitsAndLabels()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_14);
        var targets = TestData.UniformAbove(g, 0.7, 30, 4);
        var logits = TestData.Randn(g, 30, 4, 3);

        var loss = Surrogates.WeightedHinge(targets, logits, torch.tensor(new[] { 1f, 1f, 1f }));

        Assert.Equal(new long[] { 30, 4, 3 }, loss.shape);
        var t = TensorAssert.ToDoubles(targets);
        for (long i = 0; i < 3; i++)
        {
            var expected = TestData.HingeReference(t, TensorAssert.ToDoubles(logits.select(2, i)));
            TensorAssert.AllClose(loss.select(2, i), expected, new long[] { 30, 4 }, what: $"slice {i}");
        }
    }
}
