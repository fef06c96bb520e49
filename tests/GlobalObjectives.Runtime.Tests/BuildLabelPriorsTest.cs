using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>Port of util_test.py's <c>BuildLabelPriorsTest</c> (seed spec §8.11) onto the <see cref="LabelPriors"/> module (training mode, the default).</summary>
public class BuildLabelPriorsTest
{
    [Fact]
    public void TestLabelPriorConsistency()
    {
        var priors = new LabelPriors(10, positivePseudocount: 0, negativePseudocount: 0);
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_21);
        var labels = TestData.UniformAbove(g, 0.678, 4, 10);

        var result = priors.call(labels, null);

        Assert.True(priors.training);
        TensorAssert.AllClose(result, labels.mean(new long[] { 0 }), what: "prior with zero pseudocounts vs the batch mean");
    }

    [Fact]
    public void TestLabelPriorsUpdate()
    {
        var priors = new LabelPriors(5);
        var g = TestData.Seeded(811_22);
        var cumulativeSum = new double[5];
        double count = 0;
        for (int iteration = 0; iteration < 3; iteration++)
        {
            using var scope = torch.NewDisposeScope();
            var labels = TestData.UniformAbove(g, 0.4, 1, 5);   // a new draw every iteration
            var values = TensorAssert.ToDoubles(labels);
            for (int l = 0; l < 5; l++) cumulativeSum[l] += values[l];
            count += 1;

            var result = priors.call(labels, null);

            var expected = cumulativeSum.Select(s => (1 + s) / (2 + count)).ToArray();
            TensorAssert.AllClose(result, expected, new long[] { 5 }, what: $"prior after update {iteration + 1}");
        }
    }

    [Fact]
    public void TestLabelPriorsUpdateWithWeights()
    {
        var priors = new LabelPriors(5);
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(811_23);
        var labels = TestData.UniformAbove(g, 0.6, 6, 5);
        var weights = TestData.Rand(g, 6, 5) * 6.2;

        var result = priors.call(labels, weights);

        var y = TensorAssert.ToDoubles(labels);
        var w = TensorAssert.ToDoubles(weights);
        var expected = new double[5];
        for (int l = 0; l < 5; l++)
        {
            double weightedLabels = 0, weightSum = 0;
            for (int i = 0; i < 6; i++)
            {
                weightedLabels += w[i * 5 + l] * y[i * 5 + l];
                weightSum += w[i * 5 + l];
            }
            expected[l] = (1 + weightedLabels) / (2 + weightSum);
        }
        TensorAssert.AllClose(result, expected, new long[] { 5 }, what: "weighted prior");
    }
}
