using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>The label-prior module beyond the seed: training-only updates, weight broadcasting, persistence, dtypes and input checks.</summary>
public class LabelPriorsModuleTests
{
    private static readonly float[] Labels3 =
    {
        1, 0, 1,
        1, 1, 0,
        0, 0, 1,
        1, 0, 0,
    };

    [Fact]
    public void EvalModeLeavesTheCountsUnchangedAndReturnsTheCurrentRatio()
    {
        var priors = new LabelPriors(3);
        using var scope = torch.NewDisposeScope();
        var labels = torch.tensor(Labels3, new long[] { 4, 3 });
        priors.call(labels, null);   // training: counts (1 + [3, 1, 2]) / (2 + 4)
        var trained = new[] { 4.0 / 6, 2.0 / 6, 3.0 / 6 };
        TensorAssert.AllClose(priors.Current(), trained, new long[] { 3 }, what: "after one training batch");

        priors.eval();
        var result = priors.call(torch.ones(5, 3), null);

        Assert.False(priors.training);
        TensorAssert.AllClose(result, trained, new long[] { 3 }, what: "eval-mode result");
        TensorAssert.AllClose(priors.get_buffer(LabelPriors.WeightedLabelCountsName)!, new[] { 4.0, 2.0, 3.0 }, new long[] { 3 }, what: "counts after eval");
        TensorAssert.AllClose(priors.get_buffer(LabelPriors.WeightSumName)!, new[] { 6.0, 6.0, 6.0 }, new long[] { 3 }, what: "weight sums after eval");

        priors.train();
        priors.call(torch.ones(2, 3), null);
        TensorAssert.AllClose(priors.Current(), new[] { 6.0 / 8, 4.0 / 8, 5.0 / 8 }, new long[] { 3 }, what: "after training again");
    }

    [Fact]
    public void InitialPriorIsOneHalfAndCurrentDoesNotUpdate()
    {
        var priors = new LabelPriors(4);
        TensorAssert.AllClose(priors.Current(), new[] { 0.5, 0.5, 0.5, 0.5 }, new long[] { 4 });
        TensorAssert.AllClose(priors.Current(), new[] { 0.5, 0.5, 0.5, 0.5 }, new long[] { 4 }, what: "second read");
        Assert.Equal(4, priors.NumLabels);

        var custom = new LabelPriors(2, positivePseudocount: 3, negativePseudocount: 1);
        TensorAssert.AllClose(custom.Current(), new[] { 0.75, 0.75 }, new long[] { 2 });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PerExampleWeightsBroadcastAcrossSeveralLabels(bool columnVector)
    {
        var priors = new LabelPriors(3);
        using var scope = torch.NewDisposeScope();
        var labels = torch.tensor(Labels3, new long[] { 4, 3 });
        var perExample = new[] { 2f, 0f, 1f, 0.5f };
        var weights = columnVector ? torch.tensor(perExample, new long[] { 4, 1 }) : torch.tensor(perExample);

        var result = priors.call(labels, weights);

        // Σ w·y per label: [2 + 0.5, 0, 2 + 1]; Σ w = 3.5 for every label.
        var expected = new[] { (1 + 2.5) / (2 + 3.5), (1 + 0.0) / (2 + 3.5), (1 + 3.0) / (2 + 3.5) };
        TensorAssert.AllClose(result, expected, new long[] { 3 }, what: columnVector ? "[B, 1] weights" : "[B] weights");
        TensorAssert.AllClose(priors.get_buffer(LabelPriors.WeightSumName)!, new[] { 5.5, 5.5, 5.5 }, new long[] { 3 }, what: "weight sums");
    }

    [Fact]
    public void ScalarWeightsAndOneDimensionalLabels()
    {
        var priors = new LabelPriors(1);
        using var scope = torch.NewDisposeScope();
        var labels = torch.tensor(new[] { 1f, 0f, 1f, 1f });   // [B]: one label

        var result = priors.call(labels, torch.tensor(2.0f));

        Assert.Equal(new long[] { 1 }, result.shape);
        TensorAssert.AllClose(result, new[] { (1 + 6.0) / (2 + 8.0) }, new long[] { 1 });
    }

    [Fact]
    public void StateDictHoldsExactlyTheTwoCountBuffers()
    {
        var priors = new LabelPriors(3);

        var keys = priors.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

        Assert.Equal(new[] { LabelPriors.WeightSumName, LabelPriors.WeightedLabelCountsName }, keys);
        Assert.Equal("weighted_label_counts", LabelPriors.WeightedLabelCountsName);
        Assert.Equal("weight_sum", LabelPriors.WeightSumName);
        Assert.Empty(priors.parameters());
        Assert.Equal(2, priors.buffers().Count());
    }

    [Fact]
    public void SaveAndLoadRestoreTheCounts()
    {
        var original = new LabelPriors(3);
        var restored = new LabelPriors(3);
        using var scope = torch.NewDisposeScope();
        original.call(torch.tensor(Labels3, new long[] { 4, 3 }), torch.tensor(new[] { 1f, 2f, 3f, 4f }));
        var expectedCounts = TensorAssert.ToDoubles(original.get_buffer(LabelPriors.WeightedLabelCountsName)!);
        var expectedSums = TensorAssert.ToDoubles(original.get_buffer(LabelPriors.WeightSumName)!);

        var stream = new MemoryStream();
        original.save(stream);
        restored.load(new MemoryStream(stream.ToArray()));

        TensorAssert.AllClose(restored.get_buffer(LabelPriors.WeightedLabelCountsName)!, expectedCounts, new long[] { 3 }, rtol: 0, atol: 0, what: "restored counts");
        TensorAssert.AllClose(restored.get_buffer(LabelPriors.WeightSumName)!, expectedSums, new long[] { 3 }, rtol: 0, atol: 0, what: "restored weight sums");
        TensorAssert.AllClose(restored.Current(), original.Current(), rtol: 0, atol: 0, what: "restored priors");
        // The restored module keeps accumulating from the restored counts.
        restored.call(torch.ones(1, 3), null);
        var afterUpdate = expectedCounts.Zip(expectedSums, (c, s) => (c + 1) / (s + 1)).ToArray();
        TensorAssert.AllClose(restored.Current(), afterUpdate, new long[] { 3 }, what: "update after load");
    }

    [Fact]
    public void AModuleBuiltInsideADisposeScopeKeepsItsState()
    {
        LabelPriors priors;
        using (torch.NewDisposeScope())
            priors = new LabelPriors(2);

        using var scope = torch.NewDisposeScope();
        var result = priors.call(torch.tensor(new[] { 1f, 0f }, new long[] { 1, 2 }), null);

        TensorAssert.AllClose(result, new[] { 2.0 / 3, 1.0 / 3 }, new long[] { 2 });
    }

    [Fact]
    public void ConvertingTheModuleKeepsTheStateNamesAndStillUpdates()
    {
        var priors = new LabelPriors(2);
        priors.to(ScalarType.Float32);
        using var scope = torch.NewDisposeScope();

        var result = priors.call(torch.tensor(new[] { 1f, 0f, 1f, 1f }, new long[] { 2, 2 }), null);

        Assert.Equal(ScalarType.Float32, priors.get_buffer(LabelPriors.WeightSumName)!.dtype);
        Assert.Equal(new[] { LabelPriors.WeightSumName, LabelPriors.WeightedLabelCountsName },
            priors.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
        TensorAssert.AllClose(result, new[] { 3.0 / 4, 2.0 / 4 }, new long[] { 2 });
    }

    [Fact]
    public void Float64LabelsGiveFloat64Priors()
    {
        var priors = new LabelPriors(2);
        using var scope = torch.NewDisposeScope();
        var labels = torch.tensor(new[] { 1.0, 0.25, 0.0, 0.5, 1.0, 1.0 }, new long[] { 3, 2 });

        var result = priors.call(labels, null);

        Assert.Equal(ScalarType.Float64, result.dtype);
        TensorAssert.AllClose(result, new[] { 3.0 / 5, 2.75 / 5 }, new long[] { 2 }, rtol: 1e-15, atol: 0);
    }

    [Fact]
    public void BoolAndIntegerLabelsAreCastAndGiveFloat32Priors()
    {
        var priors = new LabelPriors(2);
        using var scope = torch.NewDisposeScope();

        var fromBool = priors.call(torch.tensor(new[] { true, false, true, true }, new long[] { 2, 2 }), null);
        var fromLong = priors.call(torch.tensor(new long[] { 0, 0, 1, 0 }, new long[] { 2, 2 }), null);

        Assert.Equal(ScalarType.Float32, fromBool.dtype);
        Assert.Equal(ScalarType.Float32, fromLong.dtype);
        TensorAssert.AllClose(fromBool, new[] { 3.0 / 4, 2.0 / 4 }, new long[] { 2 });
        TensorAssert.AllClose(fromLong, new[] { 4.0 / 6, 2.0 / 6 }, new long[] { 2 });
    }

    [Fact]
    public void PriorsCarryNoGradient()
    {
        var priors = new LabelPriors(2);
        using var scope = torch.NewDisposeScope();
        var labels = torch.tensor(new[] { 1f, 0f }, new long[] { 1, 2 }).requires_grad_(true);

        var result = priors.call(labels, null);

        Assert.False(result.requires_grad);
    }

    [Fact]
    public void BadLabelShapesAreRejectedWithoutChangingTheCounts()
    {
        var priors = new LabelPriors(3);
        using var scope = torch.NewDisposeScope();

        var wrongWidth = Assert.Throws<ArgumentException>(() => priors.call(torch.ones(4, 2), null));
        Assert.Equal("labels", wrongWidth.ParamName);
        Assert.Contains("[4, 2]", wrongWidth.Message);
        Assert.Contains("[B, 3]", wrongWidth.Message);

        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => priors.call(torch.ones(4, 3, 1), null)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => priors.call(torch.tensor(1f), null)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => priors.call(torch.ones(4), null)).ParamName);   // [B] means L = 1
        Assert.Equal("labels", Assert.Throws<ArgumentNullException>(() => priors.forward(null!, null)).ParamName);

        TensorAssert.AllClose(priors.Current(), new[] { 0.5, 0.5, 0.5 }, new long[] { 3 }, what: "priors after rejected calls");
    }

    [Theory]
    [InlineData(new long[] { 5 })]
    [InlineData(new long[] { 4, 2 })]
    [InlineData(new long[] { 5, 3 })]
    [InlineData(new long[] { 4, 3, 1 })]
    [InlineData(new long[] { 1, 1 })]
    public void BadWeightShapesAreRejectedWithoutChangingTheCounts(long[] weightShape)
    {
        var priors = new LabelPriors(3);
        using var scope = torch.NewDisposeScope();

        var error = Assert.Throws<ArgumentException>(() => priors.call(torch.ones(4, 3), torch.ones(weightShape)));

        Assert.Equal("weights", error.ParamName);
        Assert.Contains("[" + string.Join(", ", weightShape) + "]", error.Message);
        Assert.Contains("[4, 3]", error.Message);
        TensorAssert.AllClose(priors.Current(), new[] { 0.5, 0.5, 0.5 }, new long[] { 3 }, what: "priors after a rejected call");
    }

    [Theory]
    [InlineData(0, 1.0, 1.0, "numLabels")]
    [InlineData(2, -1.0, 1.0, "positivePseudocount")]
    [InlineData(2, 1.0, double.NaN, "negativePseudocount")]
    [InlineData(2, double.PositiveInfinity, 1.0, "positivePseudocount")]
    public void BadConstructorArgumentsAreRejected(int numLabels, double positive, double negative, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LabelPriors(numLabels, positive, negative));
        Assert.Equal(parameter, error.ParamName);
    }
}
