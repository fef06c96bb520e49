using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// The blockwise ROC-AUC loss (<see cref="PairwiseRocAuc"/>) against the seed's dense [B, B, L] formula (spec §4.2)
/// written here with ordinary tensor ops and differentiated by autograd: values and logit gradients in float64 to
/// about 1e-12, for both surrogates, soft labels, every weight shape, several labels, batch sizes that are not a
/// multiple of a block and B = 1.
/// </summary>
public class PairwiseRocAucTests
{
    private const double Rtol = 1e-12;

    /// <summary>Block bounds: one element (one row per block), a few rows, irregular, the default.</summary>
    private static readonly long[] BlockBounds = [1, 7, 100, 1000, PairwiseRocAuc.DefaultBlockElements];

    public static TheoryData<SurrogateType, string, int, int> Cases()
    {
        var data = new TheoryData<SurrogateType, string, int, int>();
        foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
            foreach (var weights in new[] { "none", "B1", "BL", "1L", "11", "scalar", "L" })
                foreach (var (b, l) in new[] { (1, 1), (2, 1), (37, 1), (23, 3), (50, 2) })
                    data.Add(surrogate, weights, b, l);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValuesAndGradientsMatchTheDenseFormula(SurrogateType surrogate, string weightShape, int batch, int numLabels)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(4200 + batch * 10 + numLabels);
        var logits = (torch.randn(new long[] { batch, numLabels }, ScalarType.Float64, generator: g) * 2);
        // Soft labels: hard 0/1 mixed with values in (0, 1), and some ties.
        var soft = torch.rand(new long[] { batch, numLabels }, ScalarType.Float64, generator: g);
        var hard = torch.rand(new long[] { batch, numLabels }, ScalarType.Float64, generator: g).gt(0.5).to_type(ScalarType.Float64);
        var labels = torch.where(torch.rand(new long[] { batch, numLabels }, ScalarType.Float64, generator: g).gt(0.4), hard, soft);
        var weights = Weights(weightShape, batch, numLabels, g);
        var upstream = torch.rand(new long[] { batch, numLabels }, ScalarType.Float64, generator: g) * 2 - 0.5;

        var (expectedLoss, expectedGradient) = Dense(logits, labels, weights, surrogate, upstream);
        foreach (var block in BlockBounds)
        {
            var (loss, gradient) = Blockwise(logits, labels, weights, surrogate, upstream, block);
            string what = $"{surrogate}, weights {weightShape}, [{batch}, {numLabels}], block {block}";
            AssertClose(loss, expectedLoss, "loss, " + what);
            AssertClose(gradient, expectedGradient, "gradient, " + what);
        }
    }

    [Theory]
    [InlineData(SurrogateType.Xent)]
    [InlineData(SurrogateType.Hinge)]
    public void ExtremePairsMatchTheDenseFormula(SurrogateType surrogate)
    {
        // Pairs beyond softplus's threshold (Δy·Δx < −20, where its derivative is exactly 1), pairs exactly at the hinge's kink
        // (Δy·Δx = 1) and ±1e4 logits.
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new double[] { 1, 1, 2, 3, -25, 30, 1e4, -1e4, 0.5, 1.5, 22, -21 }, new long[] { 6, 2 });
        var labels = torch.tensor(new double[] { 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0.5 }, new long[] { 6, 2 });
        var weights = torch.tensor(new double[] { 1, 2, 0.5, 0, 3, 1 }, new long[] { 6, 1 });
        var upstream = torch.ones(6, 2, dtype: ScalarType.Float64);
        var (expectedLoss, expectedGradient) = Dense(logits, labels, weights, surrogate, upstream);
        foreach (var block in BlockBounds)
        {
            var (loss, gradient) = Blockwise(logits, labels, weights, surrogate, upstream, block);
            AssertClose(loss, expectedLoss, $"loss, block {block}");
            AssertClose(gradient, expectedGradient, $"gradient, block {block}");
        }
    }

    [Fact]
    public void ALargerBatchMatchesTheDenseFormula()
    {
        // 700 rows, 2 labels: dozens of blocks of varying height with the default bound lowered to 20,000 elements.
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(4711);
        var logits = torch.randn(new long[] { 700, 2 }, ScalarType.Float64, generator: g);
        var labels = torch.rand(new long[] { 700, 2 }, ScalarType.Float64, generator: g).gt(0.7).to_type(ScalarType.Float64);
        var weights = torch.rand(new long[] { 700, 1 }, ScalarType.Float64, generator: g) + 0.5;
        var upstream = torch.ones(700, 2, dtype: ScalarType.Float64);
        foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
        {
            var (expectedLoss, expectedGradient) = Dense(logits, labels, weights, surrogate, upstream);
            foreach (var block in new long[] { 20_000, PairwiseRocAuc.DefaultBlockElements })
            {
                var (loss, gradient) = Blockwise(logits, labels, weights, surrogate, upstream, block);
                AssertClose(loss, expectedLoss, $"loss, {surrogate}, block {block}");
                AssertClose(gradient, expectedGradient, $"gradient, {surrogate}, block {block}");
            }
        }
    }

    [Fact]
    public void ASingleExampleHasZeroLossAndGradient()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.tensor(new double[] { 0.3, -2 }, new long[] { 1, 2 }).requires_grad_(true);
        var loss = PairwiseRocAuc.Loss(logits, torch.tensor(new double[] { 1, 0 }, new long[] { 1, 2 }), null, SurrogateType.Xent);
        Assert.Equal(new long[] { 1, 2 }, loss.shape);
        loss.sum().backward();
        Assert.All(TensorAssert.ToDoubles(loss), v => Assert.Equal(0.0, v));
        Assert.All(TensorAssert.ToDoubles(logits.grad!), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Float32AgreesWithTheDenseFormulaToRounding()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(99);
        var logits = torch.randn(new long[] { 300, 4 }, generator: g);
        var labels = torch.rand(new long[] { 300, 4 }, generator: g).gt(0.6).to_type(ScalarType.Float32);
        var upstream = torch.ones(300, 4);
        foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
        {
            var (expectedLoss, expectedGradient) = Dense(logits, labels, null, surrogate, upstream);
            var (loss, gradient) = Blockwise(logits, labels, null, surrogate, upstream, 5000);
            Assert.Equal(ScalarType.Float32, loss.dtype);
            Assert.Equal(ScalarType.Float32, gradient.dtype);
            TensorAssert.AllClose(loss, expectedLoss, rtol: 1e-5, atol: 1e-7, what: $"float32 loss, {surrogate}");
            TensorAssert.AllClose(gradient, expectedGradient, rtol: 1e-5, atol: 1e-7, what: $"float32 gradient, {surrogate}");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfPrecisionLogitsWork(ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(17);
        var logits64 = torch.randn(new long[] { 40, 2 }, ScalarType.Float64, generator: g);
        var labels = torch.rand(new long[] { 40, 2 }, ScalarType.Float64, generator: g).gt(0.5).to_type(ScalarType.Float64);
        var (expectedLoss, expectedGradient) = Dense(logits64, labels, null, SurrogateType.Xent, torch.ones_like(logits64));
        var x = logits64.to_type(dtype).requires_grad_(true);
        var loss = PairwiseRocAuc.Loss(x, labels, null, SurrogateType.Xent, 200);
        loss.sum().backward();
        Assert.Equal(dtype, loss.dtype);
        Assert.Equal(dtype, x.grad!.dtype);
        TensorAssert.AllClose(loss, expectedLoss, rtol: 2e-2, atol: 2e-3, what: $"{dtype} loss");
        TensorAssert.AllClose(x.grad!, expectedGradient, rtol: 5e-2, atol: 2e-3, what: $"{dtype} gradient");
    }

    [Fact]
    public void WithoutGradientTheLossHasNoGraph()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(5);
        var logits = torch.randn(new long[] { 40, 2 }, ScalarType.Float64, generator: g);
        var labels = torch.rand(new long[] { 40, 2 }, ScalarType.Float64, generator: g).gt(0.5).to_type(ScalarType.Float64);
        var expected = Dense(logits, labels, null, SurrogateType.Xent, torch.ones_like(logits)).Loss;

        var plain = PairwiseRocAuc.Loss(logits, labels, null, SurrogateType.Xent);
        Assert.False(plain.requires_grad);
        AssertClose(plain, expected, "loss of logits without grad");

        using (torch.no_grad())
        {
            var underNoGrad = PairwiseRocAuc.Loss(logits.clone().requires_grad_(true), labels, null, SurrogateType.Xent);
            Assert.False(underNoGrad.requires_grad);
            AssertClose(underNoGrad, expected, "loss under no_grad");
        }
    }

    [Fact]
    public void WeightsThatRequireGradFallBackToTheDenseFormulaAndGetTheirGradient()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(6);
        var logits = torch.randn(new long[] { 20, 2 }, ScalarType.Float64, generator: g);
        var labels = torch.rand(new long[] { 20, 2 }, ScalarType.Float64, generator: g);
        var weightValues = torch.rand(new long[] { 20, 1 }, ScalarType.Float64, generator: g) + 0.5;

        var denseLogits = logits.clone().requires_grad_(true);
        var denseWeights = weightValues.clone().requires_grad_(true);
        DenseFormula(denseLogits, labels, denseWeights, SurrogateType.Hinge).sum().backward();

        var x = logits.clone().requires_grad_(true);
        var w = weightValues.clone().requires_grad_(true);
        PairwiseRocAuc.Loss(x, labels, w, SurrogateType.Hinge).sum().backward();
        AssertClose(x.grad!, denseLogits.grad!, "logit gradient");
        AssertClose(w.grad!, denseWeights.grad!, "weight gradient");
    }

    [Fact]
    public void LabelsThatRequireGradFallBackToTheDenseFormulaAndGetTheirGradient()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(7);
        var logits = torch.randn(new long[] { 15, 1 }, ScalarType.Float64, generator: g);
        var labelValues = torch.rand(new long[] { 15, 1 }, ScalarType.Float64, generator: g);

        var denseLabels = labelValues.clone().requires_grad_(true);
        DenseFormula(logits, denseLabels, null, SurrogateType.Xent).sum().backward();

        var y = labelValues.clone().requires_grad_(true);
        PairwiseRocAuc.Loss(logits, y, null, SurrogateType.Xent).sum().backward();
        AssertClose(y.grad!, denseLabels.grad!, "label gradient");
    }

    [Fact]
    public void LabelsAndWeightsWithoutGradGetNone()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.randn(10, 1, dtype: ScalarType.Float64).requires_grad_(true);
        var labels = torch.rand(10, 1, dtype: ScalarType.Float64);
        var weights = torch.rand(10, 1, dtype: ScalarType.Float64);
        PairwiseRocAuc.Loss(logits, labels, weights, SurrogateType.Xent).sum().backward();
        Assert.NotNull(logits.grad);
        Assert.Null(labels.grad);
        Assert.Null(weights.grad);
    }

    [Fact]
    public void MixedDtypesAreCastToTheLogits()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(8);
        var logits = torch.randn(new long[] { 12, 2 }, ScalarType.Float64, generator: g);
        var labels = torch.rand(new long[] { 12, 2 }, generator: g).gt(0.5);   // bool
        var weights = torch.rand(new long[] { 12, 1 }, generator: g);         // float32
        var expected = Dense(logits, labels.to_type(ScalarType.Float64), weights.to_type(ScalarType.Float64), SurrogateType.Xent, torch.ones_like(logits)).Loss;
        var loss = PairwiseRocAuc.Loss(logits, labels, weights, SurrogateType.Xent);
        Assert.Equal(ScalarType.Float64, loss.dtype);
        AssertClose(loss, expected, "loss with bool labels and float32 weights");
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        var logits = torch.zeros(4, 2);
        var labels = torch.zeros(4, 2);
        Assert.Throws<ArgumentException>(() => PairwiseRocAuc.Loss(logits, torch.zeros(4, 1), null, SurrogateType.Xent));
        Assert.Throws<ArgumentException>(() => PairwiseRocAuc.Loss(torch.zeros(4), torch.zeros(4), null, SurrogateType.Xent));
        Assert.Throws<ArgumentException>(() => PairwiseRocAuc.Loss(torch.zeros(new long[] { 4, 2 }, ScalarType.Int64), labels, null, SurrogateType.Xent));
        Assert.Throws<ArgumentException>(() => PairwiseRocAuc.Loss(logits, labels, torch.ones(3, 1), SurrogateType.Xent));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseRocAuc.Loss(logits, labels, null, (SurrogateType)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseRocAuc.Loss(logits, labels, null, SurrogateType.Xent, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseRocAuc.Loss(logits, labels, null, SurrogateType.Xent, PairwiseRocAuc.MaxBlockElements + 1));
    }

    [Fact]
    public void ATrainingStepInADisposeScopeLeavesNoTensorBehind()
    {
        var logits = torch.randn(64, 2, dtype: ScalarType.Float64).requires_grad_(true);
        var labels = torch.rand(64, 2, dtype: ScalarType.Float64).gt(0.5).to_type(ScalarType.Float64);
        var weights = torch.rand(64, 1, dtype: ScalarType.Float64);
        for (int step = 0; step < 2; step++)
        {
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            using (torch.NewDisposeScope())
            {
                PairwiseRocAuc.Loss(logits, labels, weights, SurrogateType.Xent, 500).sum().backward();
            }
            // The first step creates logits.grad, which lives on; the second only accumulates into it.
            long created = DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
            Assert.True(created <= (step == 0 ? 1 : 0), $"step {step}: {created} tensor(s) outlived the scope");
            logits.grad!.zero_();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /// <summary>Weights of the named shape: none, [B, 1], [B, L], [1, L], [1, 1], a 0-D scalar or [L].</summary>
    private static Tensor? Weights(string shape, int batch, int numLabels, torch.Generator g) => shape switch
    {
        "none" => null,
        "B1" => torch.rand(new long[] { batch, 1 }, ScalarType.Float64, generator: g) * 2,
        "BL" => torch.rand(new long[] { batch, numLabels }, ScalarType.Float64, generator: g) * 2,
        "1L" => torch.rand(new long[] { 1, numLabels }, ScalarType.Float64, generator: g) + 0.5,
        "11" => torch.tensor(new[] { 1.7 }, new long[] { 1, 1 }),
        "scalar" => torch.tensor(0.6),
        "L" => torch.rand(new long[] { numLabels }, ScalarType.Float64, generator: g) + 0.5,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
    };

    /// <summary>Loss and ∂(Σ upstream·loss)/∂logits of the blockwise implementation.</summary>
    private static (Tensor Loss, Tensor Gradient) Blockwise(Tensor logits, Tensor labels, Tensor? weights, SurrogateType surrogate, Tensor upstream, long block)
    {
        var x = logits.detach().clone().requires_grad_(true);
        var loss = PairwiseRocAuc.Loss(x, labels, weights, surrogate, block);
        Assert.True(loss.requires_grad);
        (loss * upstream).sum().backward();
        return (loss.detach(), x.grad!);
    }

    /// <summary>Loss and ∂(Σ upstream·loss)/∂logits of the dense formula, by autograd.</summary>
    private static (Tensor Loss, Tensor Gradient) Dense(Tensor logits, Tensor labels, Tensor? weights, SurrogateType surrogate, Tensor upstream)
    {
        var x = logits.detach().clone().requires_grad_(true);
        var loss = DenseFormula(x, labels, weights, surrogate);
        (loss * upstream).sum().backward();
        return (loss.detach(), x.grad!);
    }

    /// <summary>
    /// Seed §4.2 as written there: Dx[i, j] = x_j − x_i, Dy[i, j] = y_j − y_i, W[i, j] = w_i·w_j on [B, B, L],
    /// loss[j] = 0.5·mean_i(|Dy|·W·S(1, Dy·Dx)) with S(1, z) = softplus(−z) or max(0, 1 − z).
    /// </summary>
    private static Tensor DenseFormula(Tensor logits, Tensor labels, Tensor? weights, SurrogateType surrogate)
    {
        var dx = logits.unsqueeze(0) - logits.unsqueeze(1);
        var dy = labels.unsqueeze(0) - labels.unsqueeze(1);
        var z = dy * dx;
        var raw = surrogate == SurrogateType.Xent ? nn.functional.softplus(-z) : nn.functional.relu(1 - z);
        var pairs = dy.abs() * raw;
        if (weights is not null)
        {
            var w = weights.dim() < 2 ? Surrogates.ExpandOuter(weights, 2) : weights;
            pairs = w.unsqueeze(0) * w.unsqueeze(1) * pairs;
        }
        return pairs.mean(new long[] { 0 }) * 0.5;
    }

    /// <summary>|actual − expected| ≤ 1e-12·|expected| + 1e-14·max|expected| element-wise (the second term absorbs cancellation near 0).</summary>
    private static void AssertClose(Tensor actual, Tensor expected, string what)
    {
        var e = TensorAssert.ToDoubles(expected);
        double scale = e.Length == 0 ? 0 : e.Max(Math.Abs);
        TensorAssert.AllClose(actual, expected, rtol: Rtol, atol: 1e-14 * scale, what: what);
    }
}
