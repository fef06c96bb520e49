using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// <see cref="FusedSurrogate.ApplyAtAnchors"/>'s managed pass (<see cref="HostAnchors"/>) against the tensor path (the
/// mean over K of <see cref="FusedSurrogate.Apply"/> at x + b on libtorch's ops): the [B, L] output and the gradients
/// of the logits and the biases, for both surrogates and dtypes, anchor counts around the vector width, every weight
/// layout the generated losses pass, an upstream gradient that is the same for every example (a mean) and one that is
/// not, no_grad, and the fallback when λ needs a gradient.
/// </summary>
public class HostAnchorsTests
{
    public enum Weights { None, PerExampleAndLabel, PerExample, Single }

    public static TheoryData<int, int, int, Weights, SurrogateType, ScalarType> Cases()
    {
        var data = new TheoryData<int, int, int, Weights, SurrogateType, ScalarType>();
        var shapes = new (int B, int L, int K)[] { (1, 1, 1), (37, 1, 20), (40, 16, 20), (21, 5, 8), (19, 3, 5), (50, 2, 9) };
        foreach (var (b, l, k) in shapes)
            foreach (var weights in Enum.GetValues<Weights>())
                foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
                    foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                        data.Add(b, l, k, weights, surrogate, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheTensorPathInValueAndGradients(int batch, int labels, int anchors, Weights weights, SurrogateType surrogate, ScalarType dtype)
    {
        foreach (bool uniformUpstream in new[] { true, false })
        {
            using var scope = torch.NewDisposeScope();
            var inputs = Inputs.Create(batch, labels, anchors, weights, dtype, seed: batch * 13 + labels * 5 + anchors);
            Assert.NotNull(HostAnchors.TryPlan(surrogate, inputs.Logits, inputs.Biases, inputs.Labels, inputs.Weights, inputs.Positive, inputs.Negative, inputs.Constant));
            var host = inputs.Run(surrogate, hostPass: true, uniformUpstream);
            var tensor = inputs.Run(surrogate, hostPass: false, uniformUpstream);
            AssertSameRun(dtype, tensor, host, $"[{batch}, {labels}], K = {anchors}, {weights}, {surrogate}, {dtype}, {(uniformUpstream ? "mean" : "varying upstream")}");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void UnderNoGradTheOutputIsTheTensorPaths(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var inputs = Inputs.Create(33, 4, 20, Weights.PerExample, dtype, seed: 3);
        Tensor host, tensor;
        using (torch.no_grad())
        {
            host = inputs.Call(SurrogateType.Xent, hostPass: true);
            tensor = inputs.Call(SurrogateType.Xent, hostPass: false);
        }
        Assert.False(host.requires_grad);
        AssertClose(dtype, Values(tensor), Values(host), "no_grad value");
    }

    [Fact]
    public void SplittingTheExamplesOverThreadsKeepsTheOutputAndTheSums()
    {
        using var scope = torch.NewDisposeScope();
        var inputs = Inputs.Create(301, 4, 20, Weights.PerExample, ScalarType.Float32, seed: 21);
        var plan = HostAnchors.TryPlan(SurrogateType.Xent, inputs.Logits, inputs.Biases, inputs.Labels, inputs.Weights, inputs.Positive, inputs.Negative, inputs.Constant)!;
        var one = Values(plan.Forward(withGradient: true, threads: 1));
        var (rows, columns) = (plan.RowGradients, plan.ColumnGradients);
        var (positive, negative) = plan.CoefficientColumns(inputs.Upstream, positive: true, negative: true, threads: 1);
        static void AssertSums(double[] expected, double[] actual, string what)
        {
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1.0, Math.Abs(expected[i])), $"{what} {i}");
        }
        foreach (int threads in new[] { 2, 3 })
        {
            Assert.Equal(one, Values(plan.Forward(withGradient: true, threads)));
            Assert.Equal(rows, plan.RowGradients);
            AssertSums(columns, plan.ColumnGradients, $"{threads} threads: Σ_b");
            // Gradient reversal's column sums for c and d, split the same way.
            var (positiveSplit, negativeSplit) = plan.CoefficientColumns(inputs.Upstream, positive: true, negative: true, threads);
            AssertSums(positive!, positiveSplit!, $"{threads} threads: Σ_b g·w·y·ℓ⁺");
            AssertSums(negative!, negativeSplit!, $"{threads} threads: Σ_b g·w·(1 − y)·ℓ⁻");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void BroadcastAndStridedCoefficientsReadAsTheTensorPath(ScalarType dtype)
    {
        // The generated losses pass [1, L, K] contiguous rows, which the pass reads in place; anything else that broadcasts
        // (a [K] grid, an [L, 1] column, a transposed view) goes through one expanded copy. Both must read the same values.
        using var scope = torch.NewDisposeScope();
        var inputs = Inputs.Create(29, 3, 11, Weights.PerExample, dtype, seed: 17);
        var grid = torch.linspace(0.5, 2.5, 11, dtype: dtype);                                              // c: [K]
        var column = torch.tensor(new[] { 0.3, 1.1, 2.0 }, dtype: dtype).reshape(1, 3, 1);                  // d: [1, L, 1]
        var strided = torch.randn([11, 3], dtype: dtype, generator: TestData.Seeded(5)).t().unsqueeze(0);   // k: [1, L, K], not contiguous
        Assert.False(strided.is_contiguous());
        var varied = inputs with { Positive = grid, Negative = column, Constant = strided };
        Assert.NotNull(HostAnchors.TryPlan(SurrogateType.Xent, varied.Logits, varied.Biases, varied.Labels, varied.Weights, grid, column, strided));
        foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
        {
            AssertSameRun(dtype, varied.Run(surrogate, hostPass: false, uniformUpstream: true), varied.Run(surrogate, hostPass: true, uniformUpstream: true),
                $"{surrogate}, {dtype}");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32, false)]
    [InlineData(ScalarType.Float64, false)]
    [InlineData(ScalarType.Float32, true)]
    public void HostArraysOfCoefficientsGiveTheTensorsResult(ScalarType dtype, bool biasesSharedByLabels)
    {
        // The generated losses' host form hands c, d and k over as [L·K] arrays. Biases shared by the labels ([1, 1, K])
        // make the pass decline: the arrays then go back into tensors for the tensor path.
        using var scope = torch.NewDisposeScope();
        var inputs = Inputs.Create(23, 3, 9, Weights.PerExample, dtype, seed: 31);
        if (biasesSharedByLabels) inputs = inputs with { Biases = torch.randn([1, 1, 9], dtype: dtype, generator: TestData.Seeded(2)) };
        var logits = inputs.Logits.squeeze(2).detach().requires_grad_(true);
        var biases = inputs.Biases.detach().clone().requires_grad_(true);
        var viaArrays = dtype == ScalarType.Float32
            ? FusedSurrogate.ApplyAtAnchorsHost(SurrogateType.Xent, logits, biases, inputs.Labels.squeeze(2), inputs.Weights!.squeeze(2),
                Array<float>(inputs.Positive), Array<float>(inputs.Negative), Array<float>(inputs.Constant))
            : FusedSurrogate.ApplyAtAnchorsHost(SurrogateType.Xent, logits, biases, inputs.Labels.squeeze(2), inputs.Weights!.squeeze(2),
                Array<double>(inputs.Positive), Array<double>(inputs.Negative), Array<double>(inputs.Constant));
        viaArrays.mean().backward();
        var x = inputs.Logits.detach().requires_grad_(true);
        var b = inputs.Biases.detach().clone().requires_grad_(true);
        var viaTensors = FusedSurrogate.ApplyAtAnchorsCore(SurrogateType.Xent, x, b, inputs.Labels, inputs.Weights, inputs.Positive, inputs.Negative, inputs.Constant, hostPass: false);
        viaTensors.mean().backward();
        AssertClose(dtype, Values(viaTensors), Values(viaArrays), "value");
        AssertClose(dtype, Values(x.grad!), Values(logits.grad!), "logits' gradient");
        AssertClose(dtype, Values(b.grad!), Values(biases.grad!), "biases' gradient");
        Assert.Equal(b.shape, biases.grad!.shape);
    }

    private static T[] Array<T>(Tensor tensor) where T : unmanaged => tensor.contiguous().data<T>().ToArray();

    /// <summary>The output and both gradients of two runs (<see cref="Inputs.Run"/>) agree to the dtype's rounding.</summary>
    private static void AssertSameRun(ScalarType dtype, (double[] Output, double[] LogitsGradient, double[] BiasesGradient) expected,
        (double[] Output, double[] LogitsGradient, double[] BiasesGradient) actual, string what)
    {
        AssertClose(dtype, expected.Output, actual.Output, $"{what}: value");
        AssertClose(dtype, expected.LogitsGradient, actual.LogitsGradient, $"{what}: logits' gradient");
        AssertClose(dtype, expected.BiasesGradient, actual.BiasesGradient, $"{what}: biases' gradient");
    }

    public static TheoryData<int, int, int, Weights, SurrogateType, ScalarType, string> CoefficientGradientCases()
    {
        var data = new TheoryData<int, int, int, Weights, SurrogateType, ScalarType, string>();
        foreach (var (b, l, k) in new (int, int, int)[] { (25, 3, 20), (19, 1, 5), (40, 16, 9) })
            foreach (var weights in new[] { Weights.None, Weights.PerExampleAndLabel, Weights.PerExample })
                foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
                    foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                        data.Add(b, l, k, weights, surrogate, dtype, "c, d, k");
        // As the generated losses pass them: partial ROC-AUC has no c; a [K] grid that broadcasts over the labels.
        data.Add(21, 4, 10, Weights.None, SurrogateType.Xent, ScalarType.Float64, "d, k");
        data.Add(21, 4, 10, Weights.PerExample, SurrogateType.Hinge, ScalarType.Float64, "c [K]");
        return data;
    }

    /// <summary>
    /// Gradient reversal: c, d and k are functions of a trainable λ and need a gradient. The managed pass gives them (and
    /// the logits' and the biases') as the tensor path's general node does, for a mean and for an upstream gradient that
    /// varies with the example.
    /// </summary>
    [Theory]
    [MemberData(nameof(CoefficientGradientCases))]
    public void WhenTheMultipliersNeedAGradientThePassGivesTheTensorPathsGradients(int batch, int labels, int anchors, Weights weights,
        SurrogateType surrogate, ScalarType dtype, string trainable)
    {
        foreach (bool uniformUpstream in new[] { true, false })
        {
            using var scope = torch.NewDisposeScope();
            var inputs = Inputs.Create(batch, labels, anchors, weights, dtype, seed: batch + labels * 7 + anchors * 3);
            Tensor? c = trainable switch
            {
                "d, k" => null,
                "c [K]" => torch.linspace(1.0, 2.0, anchors, dtype: dtype),
                _ => inputs.Positive,
            };
            Tensor? k = trainable == "c [K]" ? null : inputs.Constant;
            string what = $"[{batch}, {labels}], K = {anchors}, {weights}, {surrogate}, {dtype}, {trainable}, {(uniformUpstream ? "mean" : "varying upstream")}";
            var host = RunWithCoefficients(inputs, surrogate, c, inputs.Negative, k, trainable, hostPass: true, uniformUpstream);
            var tensor = RunWithCoefficients(inputs, surrogate, c, inputs.Negative, k, trainable, hostPass: false, uniformUpstream);
            Assert.Equal(tensor.Length, host.Length);
            for (int i = 0; i < tensor.Length; i++)
            {
                Assert.Equal(tensor[i].Shape, host[i].Shape);
                AssertClose(dtype, tensor[i].Values, host[i].Values, $"{what}: {tensor[i].Name}");
            }
        }
    }

    /// <summary>The output and the gradients of x, b and each of c, d, k that is trainable (a leaf copy requiring grad).</summary>
    private static (string Name, long[] Shape, double[] Values)[] RunWithCoefficients(Inputs inputs, SurrogateType surrogate,
        Tensor? c, Tensor? d, Tensor? k, string trainable, bool hostPass, bool uniformUpstream)
    {
        var x = inputs.Logits.detach().clone().requires_grad_(true);
        var b = inputs.Biases.detach().clone().requires_grad_(true);
        Tensor? Leaf(Tensor? t, string name) => t is null ? null : trainable.Contains(name, StringComparison.Ordinal) ? t.detach().clone().requires_grad_(true) : t;
        var (cl, dl, kl) = (Leaf(c, "c"), Leaf(d, "d"), Leaf(k, "k"));
        var output = FusedSurrogate.ApplyAtAnchorsCore(surrogate, x, b, inputs.Labels, inputs.Weights, cl, dl, kl, hostPass);
        (uniformUpstream ? output.mean() : (output * inputs.Upstream).sum()).backward();
        var results = new List<(string, long[], double[])> { ("value", output.shape, Values(output)), ("x", x.grad!.shape, Values(x.grad!)), ("b", b.grad!.shape, Values(b.grad!)) };
        foreach (var (name, leaf) in new[] { ("c", cl), ("d", dl), ("k", kl) })
            if (leaf is { requires_grad: true })
                results.Add((name, leaf.grad!.shape, Values(leaf.grad!)));
        return results.ToArray();
    }

    [Fact]
    public void InputsThatVaryWithTheExampleAlongTheAnchorsAreLeftToTheTensorPath()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([6, 2, 1]);
        var b = torch.zeros([1, 2, 4]);
        Assert.NotNull(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2, 1]), null, null, null, null));
        Assert.Null(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2, 4]), null, null, null, null));   // labels per anchor
        Assert.Null(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2, 1]), null, torch.ones([6, 2, 4]), null, null)); // c per example
        Assert.Null(HostAnchors.TryPlan(SurrogateType.Xent, x, torch.zeros([1, 1, 4]), torch.ones([6, 2, 1]), null, null, null, null)); // biases shared by labels
        // Weights broadcast from the right: [2, 4] would be per label and anchor, [4] per anchor; a single value is fine.
        Assert.Null(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2, 1]), torch.ones([2, 4]), null, null, null));
        Assert.Null(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2, 1]), torch.ones([4]), null, null, null));
        Assert.NotNull(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2, 1]), torch.tensor(2.0f), null, null, null));
        Assert.NotNull(HostAnchors.TryPlan(SurrogateType.Xent, x, b, torch.ones([6, 2]), torch.ones([1, 2, 1]), null, null, null));
        Assert.Null(HostAnchors.TryPlan(SurrogateType.Xent, torch.randn([6, 2, 1], dtype: ScalarType.Float16), b.to_type(ScalarType.Float16),
            torch.ones([6, 2, 1], dtype: ScalarType.Float16), null, null, null, null));
    }

    private sealed record Inputs(Tensor Logits, Tensor Biases, Tensor Labels, Tensor? Weights, Tensor Positive, Tensor Negative, Tensor Constant, Tensor Upstream)
    {
        public static Inputs Create(int batch, int labels, int anchors, Weights weights, ScalarType dtype, int seed)
        {
            var generator = TestData.Seeded(seed);
            var logits = torch.randn([batch, labels, 1], dtype: dtype, generator: generator).mul_(3.0);
            var biases = torch.randn([1, labels, anchors], dtype: dtype, generator: generator);
            var y = torch.rand([batch, labels, 1], dtype: dtype, generator: generator);              // soft labels
            Tensor? w = weights switch
            {
                HostAnchorsTests.Weights.PerExampleAndLabel => torch.rand([batch, labels, 1], dtype: dtype, generator: generator).add_(0.5),
                HostAnchorsTests.Weights.PerExample => torch.rand([batch, 1, 1], dtype: dtype, generator: generator).add_(0.5),
                HostAnchorsTests.Weights.Single => torch.rand([], dtype: dtype, generator: generator).add_(0.5),
                _ => null,
            };
            var c = torch.rand([1, labels, anchors], dtype: dtype, generator: generator).mul_(2.0).add_(1.0);
            var d = torch.rand([1, labels, anchors], dtype: dtype, generator: generator).mul_(2.0);
            var k = torch.rand([1, labels, anchors], dtype: dtype, generator: generator).neg_();
            var upstream = torch.rand([batch, labels], dtype: dtype, generator: generator);
            return new Inputs(logits, biases, y, w, c, d, k, upstream);
        }

        public Tensor Call(SurrogateType surrogate, bool hostPass, Tensor? logits = null, Tensor? biases = null)
            => FusedSurrogate.ApplyAtAnchorsCore(surrogate, logits ?? Logits, biases ?? Biases, Labels, Weights, Positive, Negative, Constant, hostPass);

        public (double[] Output, double[] LogitsGradient, double[] BiasesGradient) Run(SurrogateType surrogate, bool hostPass, bool uniformUpstream)
        {
            var x = Logits.detach().clone().requires_grad_(true);
            var b = Biases.detach().clone().requires_grad_(true);
            var output = Call(surrogate, hostPass, x, b);
            Assert.Equal(new long[] { Logits.size(0), Logits.size(1) }, output.shape);
            (uniformUpstream ? output.mean() : (output * Upstream).sum()).backward();
            Assert.Equal(Logits.shape, x.grad!.shape);
            Assert.Equal(Biases.shape, b.grad!.shape);
            return (HostAnchorsTests.Values(output), HostAnchorsTests.Values(x.grad!), HostAnchorsTests.Values(b.grad!));
        }
    }

    private static double[] Values(Tensor tensor) => tensor.detach().to_type(ScalarType.Float64).reshape(-1).data<double>().ToArray();

    /// <summary>Within rounding of the largest magnitude: 1e-12 in float64, 2e-5 in float32 (different summation orders and log1p).</summary>
    private static void AssertClose(ScalarType dtype, double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-30, expected.Max(Math.Abs));
        double tolerance = dtype == ScalarType.Float64 ? 1e-12 : 2e-5;
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * scale,
                $"{what} differs at {i}: tensor path {expected[i]:R}, managed pass {actual[i]:R} (scale {scale:R})");
    }
}
