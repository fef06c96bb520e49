using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// The CPU's managed statistics pass (<see cref="HostStatistics"/>) against the tensor path
/// (<see cref="BatchStatistics.Sum"/> read with <c>ToHost</c>): the same bits for 0/1 labels and unit or integer weights
/// (every sum an exact integer), and within float32 rounding of a float64 reference for soft labels and fractional
/// weights; every label count against the vector width, every weight layout the loss accepts, anchors, blocks longer
/// than one flush, non-contiguous inputs, infinite and NaN logits.
/// </summary>
public class HostStatisticsTests
{
    /// <summary>Weight layouts as the loss hands them over (after its Prepare): null, [B, L], [B, 1], [1, L], [1, 1], a scalar expanded.</summary>
    public enum Weights { None, Full, PerExample, PerLabel, Single, ExpandedScalar }

    public static TheoryData<int, int, int, Weights, ScalarType> Cases()
    {
        var data = new TheoryData<int, int, int, Weights, ScalarType>();
        // (B, L, K): K = 0 without anchors. L 1, 2, 8 run flat; 3, 5, 16, 17 by row (vectors and scalar tails);
        // B·L of 5000 or more crosses a flush of the lanes.
        var shapes = new (int B, int L, int K)[] { (1, 1, 0), (37, 1, 0), (5000, 1, 0), (64, 2, 0), (33, 3, 0), (64, 5, 0), (700, 8, 0), (413, 16, 0), (29, 17, 0), (3, 1, 20), (50, 5, 20), (400, 16, 20), (70, 2, 1), (40, 3, 9) };
        foreach (var (b, l, k) in shapes)
            foreach (var weights in Enum.GetValues<Weights>())
                foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                    data.Add(b, l, k, weights, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ZeroOneLabelsAndIntegerWeightsGiveTheTensorPathsBits(int batch, int labels, int anchors, Weights weights, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var (x, y, w, b) = MakeBatch(batch, labels, anchors, weights, dtype, exactSums: true);

        var host = HostStatistics.TrySum(x, y, w, b);
        Assert.NotNull(host);
        Assert.Equal(TensorPath(x, y, w, b), host);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SoftLabelsAndFractionalWeightsMatchAFloat64Reference(int batch, int labels, int anchors, Weights weights, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var (x, y, w, b) = MakeBatch(batch, labels, anchors, weights, dtype, exactSums: false);

        var host = HostStatistics.TrySum(x, y, w, b)!;
        // The reference: the same products rounded in the inputs' dtype, summed in float64 by libtorch.
        var reference = TensorPath(x, y, w, b, sumInFloat64: true);
        // Relative to the label's batch weight W (the largest sum in its row; FN = P − TP and FP cancel against it).
        double tolerance = dtype == ScalarType.Float32 ? 1e-6 : 1e-14;
        int columns = BatchStatistics.Columns(Math.Max(anchors, 1), surrogateBounds: false);
        Assert.Equal(reference.Length, host.Length);
        for (int i = 0; i < host.Length; i++)
            Assert.True(Math.Abs(host[i] - reference[i]) <= tolerance * Math.Max(1.0, reference[i / columns * columns + BatchStatistics.WeightColumn]),
                $"[{batch}, {labels}], K = {anchors}, {weights}, {dtype}: statistic {i} is {host[i]:R}, reference {reference[i]:R}");
    }

    [Fact]
    public void NonContiguousInputsAreReadAsTheirValues()
    {
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(5);
        var x = torch.randn([16, 40], generator: generator).t();                           // [40, 16], column-major
        var y = torch.rand([40, 32], generator: generator).lt(0.4).to_type(ScalarType.Float32)[TensorIndex.Colon, TensorIndex.Slice(0, 32, 2)];
        var w = torch.randint(0, 4, [40, 16], generator: generator).to_type(ScalarType.Float32);
        var b = torch.randn([16, 7], generator: generator);
        Assert.False(x.is_contiguous());
        Assert.False(y.is_contiguous());
        Assert.Equal(TensorPath(x, y, w, null), HostStatistics.TrySum(x, y, w, null));
        Assert.Equal(TensorPath(x, y, w, b), HostStatistics.TrySum(x, y, w, b));
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void InfiniteLogitsCountAsTheTensorPathCountsThem(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(9);
        foreach (int labels in new[] { 1, 5, 16 })
        {
            var x = torch.randn([50, labels], dtype: dtype, generator: generator);
            x[3, 0] = double.PositiveInfinity;
            x[7, labels - 1] = double.NegativeInfinity;
            x[49, 0] = 0.0;                                                                    // 0 is not predicted positive
            var y = torch.rand([50, labels], generator: generator).lt(0.5).to_type(dtype);
            var b = torch.randn([labels, 4], dtype: dtype, generator: generator);
            Assert.Equal(TensorPath(x, y, null, null), HostStatistics.TrySum(x, y, null, null));
            Assert.Equal(TensorPath(x, y, null, b), HostStatistics.TrySum(x, y, null, b));
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(5, false)]
    [InlineData(16, false)]
    [InlineData(16, true)]
    public void NaNLogitsOrBiasesAreLeftToTheTensorPath(int labels, bool anchored)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([300, labels]);
        var y = torch.ones([300, labels]);
        var b = anchored ? torch.zeros([labels, 3]) : null;
        Assert.NotNull(HostStatistics.TrySum(x, y, null, b));
        x[299, labels - 1] = double.NaN;                                                       // in the last (tail) element
        Assert.Null(HostStatistics.TrySum(x, y, null, b));
        if (!anchored) return;
        x[299, labels - 1] = 0.5;
        b![0, 2] = double.NaN;
        Assert.Null(HostStatistics.TrySum(x, y, null, b));
    }

    [Fact]
    public void OtherDtypesAreLeftToTheTensorPath()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([8, 2], dtype: ScalarType.Float16);
        Assert.Null(HostStatistics.TrySum(x, torch.ones([8, 2], dtype: ScalarType.Float16), null, null));
        var labelsOfAnotherDtype = torch.ones([8, 2], dtype: ScalarType.Float64);
        Assert.Null(HostStatistics.TrySum(torch.randn([8, 2]), labelsOfAnotherDtype, null, null));
    }

    /// <summary>Logits, labels (0/1 with <paramref name="exactSums"/>, else soft), weights (integer, else fractional) and biases (null for K = 0).</summary>
    private static (Tensor X, Tensor Y, Tensor? W, Tensor? B) MakeBatch(int batch, int labels, int anchors, Weights weights, ScalarType dtype, bool exactSums)
    {
        var generator = TestData.Seeded(batch * 31 + labels * 7 + anchors + (exactSums ? 0 : 1));
        var x = torch.randn([batch, labels], dtype: dtype, generator: generator);
        var y = exactSums
            ? torch.rand([batch, labels], generator: generator).lt(0.3).to_type(dtype)
            : torch.rand([batch, labels], dtype: dtype, generator: generator);
        var w = MakeWeights(weights, batch, labels, dtype, generator, integer: exactSums);
        var b = anchors == 0 ? null : torch.randn([1, labels, anchors], dtype: dtype, generator: generator);
        return (x, y, w, b);
    }

    private static Tensor? MakeWeights(Weights layout, int batch, int labels, ScalarType dtype, torch.Generator generator, bool integer)
    {
        long[]? shape = layout switch
        {
            Weights.None => null,
            Weights.Full => [batch, labels],
            Weights.PerExample => [batch, 1],
            Weights.PerLabel => [1, labels],
            _ => [1, 1],
        };
        if (shape is null) return null;
        var weights = integer
            ? torch.randint(0, 5, shape, generator: generator).to_type(dtype)
            : torch.rand(shape, dtype: dtype, generator: generator).mul_(3.0);
        return layout == Weights.ExpandedScalar ? weights.expand(batch, labels) : weights;
    }

    /// <summary>The tensor path's statistics (anchored logits x + b as <c>GatherStatistics</c> forms them), optionally summed in float64.</summary>
    private static double[] TensorPath(Tensor x, Tensor y, Tensor? w, Tensor? b, bool sumInFloat64 = false)
    {
        var logits = b is null ? x : x.unsqueeze(2) + b.reshape(1, x.size(1), -1);
        if (!sumInFloat64) return BatchStatistics.Sum(logits, y, w, surrogate: null).ToHost();
        // Products rounded in the inputs' dtype first (w·y), as both paths round them; then everything in float64.
        var wy = w is null ? y : w.expand_as(y) * y;
        var predicted = logits.gt(0).to_type(ScalarType.Float64);
        var anchored = b is not null;
        var wy64 = wy.to_type(ScalarType.Float64);
        var w64 = w?.expand_as(y).to_type(ScalarType.Float64);
        var positives = wy64.sum(0L);
        var truePositives = ((anchored ? wy64.unsqueeze(2) : wy64) * predicted).sum(0L).reshape(x.size(1), -1);
        var predictedPositives = (w64 is null ? predicted : (anchored ? w64.unsqueeze(2) : w64) * predicted).sum(0L).reshape(x.size(1), -1);
        var weight = w64 is null ? torch.full_like(positives, x.size(0)) : w64.sum(0L);
        var statistics = torch.cat([positives.unsqueeze(1), weight.unsqueeze(1), positives.unsqueeze(1) - truePositives, predictedPositives - truePositives], 1);
        return statistics.contiguous().data<double>().ToArray();
    }
}
