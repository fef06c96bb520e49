using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using Layout = GlobalObjectives.Runtime.Tests.FusedSurrogateTests.Layout;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// The managed pass (<see cref="HostSurrogate"/>, which CPU float32 and float64 logits take when only they need a
/// gradient, and under no_grad) against libtorch's ops (<see cref="FusedSurrogate.ApplyCore"/> with the pass off): the
/// output and the logits' gradient for both surrogates and dtypes, every broadcast layout the generated losses use,
/// rows that are not a multiple of the vector width, non-contiguous and offset inputs, and extreme logits.
/// (<see cref="FusedSurrogateTests"/> holds the pass to autograd of the plain formula in float64 as well.)
/// </summary>
public class HostSurrogateTests
{
    private static readonly Layout[] Layouts =
    [
        new("one label, [1] coefficients (one row of 37)", [37, 1], [37, 1], [37, 1], [1], [1], [1]),
        new("[B, 16], [L] coefficients, [B, 1] weights", [40, 16], [40, 16], [40, 1], [16], [16], [16]),
        new("[B, 3]: rows shorter than a vector (libtorch's ops)", [33, 3], [33, 3], [33, 1], [3], [3], [3]),
        new("five elements: one padded vector", [5, 1], [5, 1], [5, 1], [1], [1], [1]),
        new("anchored, K = 5: labels expanded to rows of L·K", [12, 16, 5], [12, 16, 1], null, null, [1, 16, 5], [1, 16, 5]),
        new("[B, L] weights and [1, L] coefficients", [21, 5], [21, 5], [21, 5], [1, 5], [1, 5], [1, 5]),
        new("full-shaped coefficients", [19, 4], [19, 4], [19, 4], [19, 4], [19, 4], [19, 4]),
        new("0-dim weights, no c, d, k", [25, 2], [25, 2], [], null, null, null),
        new("accuracy: only weights", [29, 6], [29, 6], [29, 1], null, null, null),
        new("anchored, labels [B, L], weights [B, 1, 1], [1, L, K]", [16, 5, 20], [16, 5], [16, 1, 1], [1, 5, 20], [1, 5, 20], [1, 5, 20]),
        new("anchored, labels [B, L, 1], weights [B, L, 1], [L, K]", [9, 3, 7], [9, 3, 1], [9, 3, 1], [3, 7], [3, 7], [3, 7]),
        new("anchored, one label, K = 20, k [1, 1, K]", [23, 1, 20], [23, 1], null, [1, 1, 20], null, [1, 1, 20]),
        new("anchored, [L, 1] constant per label", [11, 4, 8], [11, 4, 1], [11, 1, 1], [1, 4, 8], [1, 4, 8], [4, 1]),
    ];

    public static TheoryData<Layout, SurrogateType, ScalarType> Cases()
    {
        var data = new TheoryData<Layout, SurrogateType, ScalarType>();
        foreach (var layout in Layouts)
            foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
                foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                    data.Add(layout, surrogate, dtype);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesLibtorchOpsInValueAndLogitsGradient(Layout layout, SurrogateType surrogate, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(17);
        var logits = torch.randn(layout.Logits, dtype: dtype, generator: generator).mul_(4.0);
        var labels = torch.rand(layout.Labels, dtype: dtype, generator: generator);              // soft labels
        var w = Make(layout.Weights, dtype, generator, 0.5, 1.0);
        var c = Make(layout.Positive, dtype, generator, -0.5, 2.0);                                // any sign
        var d = Make(layout.Negative, dtype, generator, -0.5, 2.0);
        var k = Make(layout.Constant, dtype, generator, -1.0, 2.0);
        var upstream = torch.rand(layout.Logits, dtype: dtype, generator: generator);

        var (hostLoss, hostGrad) = Run(surrogate, logits, labels, w, c, d, k, upstream, hostPass: true);
        var (opsLoss, opsGrad) = Run(surrogate, logits, labels, w, c, d, k, upstream, hostPass: false);
        AssertClose(dtype, hostLoss, opsLoss, $"{layout}, {surrogate}, {dtype}: value");
        AssertClose(dtype, hostGrad, opsGrad, $"{layout}, {surrogate}, {dtype}: ∂/∂x");

        using (torch.no_grad())
        {
            var noGrad = FusedSurrogate.ApplyCore(surrogate, logits, labels, w, c, d, k, hostPass: true);
            AssertClose(dtype, noGrad, opsLoss, $"{layout}, {surrogate}, {dtype}: value under no_grad");
        }
    }

    /// <summary>
    /// Gradient reversal, where c, d and k need a gradient (functions of a trainable λ) and the labels and weights do not:
    /// the value and the gradients of x, c, d and k against libtorch's ops, every layout (where c or d varies along an
    /// outer axis the general node runs either way).
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientReversalMatchesLibtorchOps(Layout layout, SurrogateType surrogate, ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(23);
        var logits = torch.randn(layout.Logits, dtype: dtype, generator: generator).mul_(4.0);
        var labels = torch.rand(layout.Labels, dtype: dtype, generator: generator);
        var w = Make(layout.Weights, dtype, generator, 0.5, 1.0);
        var c = Make(layout.Positive, dtype, generator, -0.5, 2.0);
        var d = Make(layout.Negative, dtype, generator, -0.5, 2.0);
        var k = Make(layout.Constant, dtype, generator, -1.0, 2.0);
        var upstream = torch.rand(layout.Logits, dtype: dtype, generator: generator);

        var host = RunReversal(surrogate, logits, labels, w, c, d, k, upstream, hostPass: true);
        var ops = RunReversal(surrogate, logits, labels, w, c, d, k, upstream, hostPass: false);
        AssertClose(dtype, host[0]!, ops[0]!, $"{layout}, {surrogate}, {dtype}: value");
        string[] names = ["∂/∂x", "∂/∂c", "∂/∂d", "∂/∂k"];
        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(ops[i + 1] is null, host[i + 1] is null);
            if (host[i + 1] is not { } gradient) continue;
            Assert.Equal(ops[i + 1]!.shape, gradient.shape);
            Assert.Equal(dtype, gradient.dtype);
            AssertClose(dtype, gradient, ops[i + 1]!, $"{layout}, {surrogate}, {dtype}: {names[i]}");
        }
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void GradientReversalTakesTheManagedPassWhereCAndDArePerLabel(SurrogateType surrogate)
    {
        // [64, 8] with [8] coefficients: c's gradient from Apply is the plan's column sums, rounded once to float32.
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(5);
        var logits = torch.randn([64, 8], generator: generator).mul_(3.0);
        var labels = torch.rand([64, 8], generator: generator).gt(0.5).to_type(ScalarType.Float32);
        var w = torch.rand([64, 1], generator: generator);
        var c = torch.rand([8], generator: generator).add_(1.0);
        var d = torch.rand([8], generator: generator);
        var upstream = torch.rand([64, 8], generator: generator);
        var leaf = c.clone().requires_grad_(true);
        FusedSurrogate.Apply(surrogate, logits, labels, w, leaf, d, null).backward([upstream]);
        var plan = HostSurrogate.TryPlan(surrogate, logits, labels, w, c, d, null)!;
        Assert.True(plan.SumsCoefficients);
        var sums = plan.CoefficientSums(upstream, positive: true, negative: false);
        Assert.Null(sums.Negative);
        Assert.Null(sums.Constant);
        Assert.Equal(sums.Positive!.Select(value => (float)value).ToArray(), leaf.grad!.data<float>().ToArray());

        // Coefficients that vary along the batch leave gradient reversal to libtorch's general node.
        Assert.False(HostSurrogate.TryPlan(surrogate, logits, labels, w, torch.rand([64, 8]), d, null)!.SumsCoefficients);
        Assert.Throws<InvalidOperationException>(() =>
            HostSurrogate.TryPlan(surrogate, logits, labels, w, torch.rand([64, 1]), d, null)!.CoefficientSums(upstream, true, true));
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1)]
    [InlineData(ScalarType.Float32, 3)]
    [InlineData(ScalarType.Float64, 2)]
    public void CoefficientSumsOfALongRowMatchAFloat64Reference(ScalarType dtype, int threads)
    {
        // One label: one row of 5,003 (a broadcast c summed in lanes, flushed to float64 every 64 vectors; the last vector
        // overlapping); [B, 16] with [16] coefficients: rows over threads, blocks of 16 rows.
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(61);
        foreach (long[] shape in new long[][] { [5_003, 1], [1_001, 16] })
        {
            var logits = torch.randn(shape, dtype: dtype, generator: generator).mul_(3.0);
            var labels = torch.rand(shape, dtype: dtype, generator: generator);
            var w = torch.rand([shape[0], 1], dtype: dtype, generator: generator);
            var c = torch.rand([shape[1]], dtype: dtype, generator: generator);
            var upstream = torch.rand(shape, dtype: dtype, generator: generator);
            var plan = HostSurrogate.TryPlan(SurrogateType.Xent, logits, labels, w, c, c, c)!;
            var (positive, negative, constant) = plan.CoefficientSums(upstream, positive: true, negative: true, constant: true, threads: threads);
            // float64 reference from the same float32 inputs: Σ_b g·w·y·softplus(−x), Σ_b g·w·(1 − y)·softplus(x).
            var (x, y, gw) = (logits.to_type(ScalarType.Float64), labels.to_type(ScalarType.Float64), (upstream * w).to_type(ScalarType.Float64));
            var expectedPositive = (gw * y * x.neg().softplus(1, 1000)).sum([0L]);
            var expectedNegative = (gw * (1 - y) * x.softplus(1, 1000)).sum([0L]);
            double rtol = dtype == ScalarType.Float32 ? 1e-5 : 1e-12;
            TensorAssert.AllClose(torch.tensor(positive!), expectedPositive, rtol: rtol, atol: 0, what: $"{ShapeText(shape)} Σ g·w·y·ℓ⁺");
            TensorAssert.AllClose(torch.tensor(negative!), expectedNegative, rtol: rtol, atol: 0, what: $"{ShapeText(shape)} Σ g·w·(1 − y)·ℓ⁻");
            TensorAssert.AllClose(torch.tensor(constant!), upstream.to_type(ScalarType.Float64).sum([0L]), rtol: rtol, atol: 0, what: $"{ShapeText(shape)} Σ g");
        }

        static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void TheRouteIsTheManagedPass(SurrogateType surrogate)
    {
        // Apply on CPU float32 with only the logits requiring grad gives what the pass's plan gives, bit for bit.
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(3);
        var logits = torch.randn([64, 8], generator: generator).mul_(3.0);
        var labels = torch.rand([64, 8], generator: generator).gt(0.5).to_type(ScalarType.Float32);
        var c = torch.rand([8], generator: generator).add_(1.0);
        var d = torch.rand([8], generator: generator);
        var k = torch.randn([8], generator: generator);
        var x = logits.clone().requires_grad_(true);
        var loss = FusedSurrogate.Apply(surrogate, x, labels, null, c, d, k);
        loss.sum().backward();
        var (output, gradient) = HostSurrogate.TryPlan(surrogate, logits, labels, null, c, d, k)!.Run(withGradient: true);
        Assert.Equal(output.data<float>().ToArray(), loss.detach().data<float>().ToArray());
        Assert.Equal(gradient!.data<float>().ToArray(), x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void ShortRowsExpandTheBroadcastInputsOrLeaveItToLibtorch()
    {
        using var scope = torch.NewDisposeScope();
        var labels = torch.ones(64, 16, 1);
        var perAnchor = torch.ones(1, 16, 5);
        // [B, L, 5] with [B, L, 1] labels: the labels expanded, rows over L·K = 80.
        Assert.NotNull(HostSurrogate.TryPlan(SurrogateType.Xent, torch.zeros(64, 16, 5), labels, null, null, perAnchor, perAnchor));
        // One label: rows of 5 whatever is expanded (the anchors' coefficients repeat every 5): libtorch's ops.
        Assert.Null(HostSurrogate.TryPlan(SurrogateType.Xent, torch.zeros(64, 1, 5), torch.ones(64, 1, 1), null, null, torch.ones(1, 1, 5), null));
        // Not CPU float32/float64.
        Assert.Null(HostSurrogate.TryPlan(SurrogateType.Xent, torch.zeros(8, 16, dtype: ScalarType.Float16), torch.ones(8, 16, dtype: ScalarType.Float16), null, null, null, null));
        // A single short row is one padded vector.
        Assert.NotNull(HostSurrogate.TryPlan(SurrogateType.Hinge, torch.zeros(3, 1), torch.ones(3, 1), null, null, null, null));
    }

    [Theory]
    [InlineData(SurrogateType.Xent, 3)]
    [InlineData(SurrogateType.Hinge, 4)]
    public void RowsSplitOverThreadsGiveTheSameBits(SurrogateType surrogate, int threads)
    {
        // [9, 5, 20]: 45 rows of 20 (labels [B, L, 1]) over a few threads, the splits falling inside the outer axes.
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(41);
        var logits = torch.randn([9, 5, 20], generator: generator).mul_(3.0);
        var labels = torch.rand([9, 5, 1], generator: generator);
        var w = torch.rand([9, 1, 1], generator: generator);
        var c = torch.rand([1, 5, 20], generator: generator);
        var d = torch.rand([1, 5, 20], generator: generator);
        var k = torch.randn([5, 1], generator: generator);
        var plan = HostSurrogate.TryPlan(surrogate, logits, labels, w, c, d, k)!;
        var (one, oneGrad) = plan.Run(withGradient: true, threads: 1);
        var (split, splitGrad) = plan.Run(withGradient: true, threads: threads);
        Assert.Equal(one.bytes.ToArray(), split.bytes.ToArray());
        Assert.Equal(oneGrad!.bytes.ToArray(), splitGrad!.bytes.ToArray());
        TensorAssert.AllClose(one, FusedSurrogate.ApplyCore(surrogate, logits, labels, w, c, d, k, hostPass: false), rtol: 1e-5, atol: 1e-5, what: "value");
    }

    [Fact]
    public void NonContiguousAndOffsetInputsAreReadThroughTheirLayout()
    {
        using var scope = torch.NewDisposeScope();
        var generator = TestData.Seeded(29);
        var source = torch.randn([13, 50], dtype: ScalarType.Float64, generator: generator).mul_(3.0);
        var logitsLeaf = source.clone().requires_grad_(true);
        var referenceLeaf = source.clone().requires_grad_(true);
        var labels = torch.rand([13, 50], dtype: ScalarType.Float64, generator: generator).t();               // [50, 13], strided
        var wide = torch.rand([40], dtype: ScalarType.Float64, generator: generator).add_(0.5);
        var c = wide.slice(0, 0, 26, 2);                                                                         // [13], stride 2
        var d = wide.slice(0, 14, 27, 1);                                                                        // [13], offset 14
        var k = torch.randn([60, 13], dtype: ScalarType.Float64, generator: generator).slice(0, 10, 60, 1);    // [50, 13], offset rows
        var upstream = torch.rand([50, 13], dtype: ScalarType.Float64, generator: generator);

        var host = FusedSurrogate.ApplyCore(SurrogateType.Xent, logitsLeaf.t(), labels, null, c, d, k, hostPass: true);      // x: [50, 13], strided
        var ops = FusedSurrogate.ApplyCore(SurrogateType.Xent, referenceLeaf.t(), labels, null, c, d, k, hostPass: false);
        host.backward([upstream]);
        ops.backward([upstream]);
        TensorAssert.AllClose(host, ops, rtol: 1e-12, atol: 1e-12, what: "value");
        TensorAssert.AllClose(logitsLeaf.grad!, referenceLeaf.grad!, rtol: 1e-12, atol: 1e-12, what: "∂/∂x");

        var rows = torch.randn([30, 16], generator: generator).slice(0, 7, 30, 1);                             // contiguous, storage offset 7·16
        var rowLabels = torch.rand([30, 16], generator: generator).slice(0, 5, 28, 1);
        using (torch.no_grad())
            TensorAssert.AllClose(FusedSurrogate.ApplyCore(SurrogateType.Hinge, rows, rowLabels, null, null, null, null, hostPass: true),
                FusedSurrogate.ApplyCore(SurrogateType.Hinge, rows, rowLabels, null, null, null, null, hostPass: false), rtol: 1e-6, atol: 1e-6, what: "offset views");
    }

    [Theory]
    [InlineData(SurrogateType.Xent, ScalarType.Float32)]
    [InlineData(SurrogateType.Xent, ScalarType.Float64)]
    [InlineData(SurrogateType.Hinge, ScalarType.Float32)]
    [InlineData(SurrogateType.Hinge, ScalarType.Float64)]
    public void ExtremeLogitsKeepTheirRelativeAccuracy(SurrogateType surrogate, ScalarType dtype)
    {
        // Large |x| (where log1p(exp(−|x|)) is far below an ulp of 1), the hinge's corners, zeros, infinities, NaN;
        // against a scalar float64 evaluation of A·ℓ⁺(x) + D·ℓ⁻(x), relative: e^−30 ≈ 1e−13 must keep its digits.
        using var scope = torch.NewDisposeScope();
        double[] values = [1e4, -1e4, 200, -200, 88, -88, 40, -40, 30, -30, 17, -17, 9, -9, 1, -1, 1e-8, -1e-8, 0, 0.5,
                           double.PositiveInfinity, double.NegativeInfinity, double.NaN, 3];
        double[] c = [1.5, 2.0], d = [0.5, 1.25], y = [1, 0];                 // per row of 12: a positive and a negative
        var logits = torch.tensor(values, dtype: dtype).reshape(2, 12);
        var (loss, grad) = Run(surrogate, logits, torch.tensor(y, dtype: dtype).reshape(2, 1), null,
            torch.tensor(c, dtype: dtype).reshape(2, 1), torch.tensor(d, dtype: dtype).reshape(2, 1), null, torch.ones_like(logits), hostPass: true);

        var rounded = TensorAssert.ToDoubles(logits);                    // the float32 inputs as the pass sees them
        var expectedLoss = new double[values.Length];
        var expectedGrad = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double x = rounded[i], a = c[i / 12] * y[i / 12], b = d[i / 12] * (1 - y[i / 12]);
            (expectedLoss[i], expectedGrad[i]) = surrogate == SurrogateType.Xent
                ? (a * Softplus(-x) + b * Softplus(x), b * Sigmoid(x) - a * Sigmoid(-x))
                : (a * Math.Max(0, 1 - x) + b * Math.Max(0, 1 + x), (x > -1 ? b : 0) - (x < 1 ? a : 0));
            if (double.IsNaN(x) && surrogate == SurrogateType.Xent) expectedGrad[i] = double.NaN;   // the hinge's steps read NaN as outside, as libtorch's comparisons do
            if ((x == double.PositiveInfinity && b == 0) || (x == double.NegativeInfinity && a == 0)) expectedLoss[i] = double.NaN;   // 0·∞ in D·max(x, ·) or A·min(x, ·)
            if (dtype == ScalarType.Float32)                                                     // what float32 can hold (e^−200 underflows to 0)
                (expectedLoss[i], expectedGrad[i]) = ((float)expectedLoss[i], (float)expectedGrad[i]);
        }
        // float32 results below its smallest normal (1.2e−38, from |x| > 87.3) flush to 0.
        double rtol = dtype == ScalarType.Float32 ? 1e-5 : 1e-12, atol = dtype == ScalarType.Float32 ? 1.1754944e-38 : 0;
        TensorAssert.AllClose(loss, expectedLoss, [2, 12], rtol: rtol, atol: atol, what: $"{surrogate}, {dtype}: value");
        TensorAssert.AllClose(grad, expectedGrad, [2, 12], rtol: rtol, atol: atol, what: $"{surrogate}, {dtype}: ∂/∂x");
    }

    [Fact]
    public void Float32ExpAndLog1pAreWithinAFewUlpsOnTheirWholeRange()
    {
        // Every 1/4096 of [−87, 0] for exp, and of [0, 1] (plus tiny e down to 1e−30) for log1p, against float64; 4 ulps.
        int width = System.Numerics.Vector<float>.Count;
        var exponents = Enumerable.Range(0, 87 * 4096 + 1).Select(i => -i / 4096f).ToList();
        var arguments = Enumerable.Range(0, 4097).Select(i => i / 4096f).Concat(Enumerable.Range(1, 30).Select(p => MathF.Pow(10, -p))).ToList();
        double worstExp = WorstRelativeError(exponents, width, v => HostSurrogate.FloatMath.ExpOfNonPositive(v), Math.Exp);
        double worstLog = WorstRelativeError(arguments, width, v => HostSurrogate.FloatMath.Log1p(v), e => e < 1e-4 ? e - e * e / 2 + e * e * e / 3 : Math.Log(1 + e));
        Assert.True(worstExp < 4 * 1.2e-7, $"exp: worst relative error {worstExp:E2}");
        Assert.True(worstLog < 4 * 1.2e-7, $"log1p: worst relative error {worstLog:E2}");
    }

    private static double WorstRelativeError(List<float> inputs, int width, Func<System.Numerics.Vector<float>, System.Numerics.Vector<float>> vector, Func<double, double> reference)
    {
        while (inputs.Count % width != 0) inputs.Add(inputs[^1]);
        double worst = 0;
        for (int i = 0; i < inputs.Count; i += width)
        {
            var result = vector(new System.Numerics.Vector<float>(inputs.GetRange(i, width).ToArray()));
            for (int lane = 0; lane < width; lane++)
            {
                double expected = reference(inputs[i + lane]);
                if (expected != 0) worst = Math.Max(worst, Math.Abs(result[lane] - expected) / Math.Abs(expected));
            }
        }
        return worst;
    }

    /// <summary>log(1 + eˣ) in float64 without cancellation (log1p through u = 1 + z, exact to a few ulps).</summary>
    private static double Softplus(double x)
    {
        double z = Math.Exp(-Math.Abs(x)), u = 1 + z;
        return Math.Max(x, 0) + (u == 1 ? z : Math.Log(u) * z / (u - 1));
    }

    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static (Tensor Loss, Tensor Grad) Run(SurrogateType surrogate, Tensor logits, Tensor labels, Tensor? w, Tensor? c, Tensor? d, Tensor? k, Tensor upstream, bool hostPass)
    {
        var x = logits.clone().requires_grad_(true);
        var loss = FusedSurrogate.ApplyCore(surrogate, x, labels, w, c, d, k, hostPass);
        loss.backward([upstream]);
        return (loss.detach(), x.grad!);
    }

    /// <summary>The output and the gradients of x, c, d and k (null where absent), c, d and k requiring grad.</summary>
    private static Tensor?[] RunReversal(SurrogateType surrogate, Tensor logits, Tensor labels, Tensor? w, Tensor? c, Tensor? d, Tensor? k, Tensor upstream, bool hostPass)
    {
        var x = logits.clone().requires_grad_(true);
        var coefficients = new[] { c, d, k }.Select(t => t?.clone().requires_grad_(true)).ToArray();
        var loss = FusedSurrogate.ApplyCore(surrogate, x, labels, w, coefficients[0], coefficients[1], coefficients[2], hostPass);
        loss.backward([upstream]);
        return [loss.detach(), x.grad, coefficients[0]?.grad, coefficients[1]?.grad, coefficients[2]?.grad];
    }

    private static Tensor? Make(long[]? shape, ScalarType dtype, Generator generator, double low, double width)
        => shape is null ? null : torch.rand(shape, dtype: dtype, generator: generator).mul_(width).add_(low);

    private static void AssertClose(ScalarType dtype, Tensor actual, Tensor expected, string what)
    {
        if (dtype == ScalarType.Float64) TensorAssert.AllClose(actual, expected, rtol: 1e-12, atol: 1e-12, what: what);
        else TensorAssert.AllClose(actual, expected, rtol: 1e-5, atol: 1e-5, what: what);
    }
}
