using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>
/// <see cref="FusedSurrogate.Apply"/> against autograd of the plain formula w·(c·y·ℓ⁺(x) + d·(1 − y)·ℓ⁻(x)) + k, in
/// float64: the value and the gradient of every input that requires grad (logits, labels, weights, c, d, k), for both
/// surrogates, [B, L] and anchored [B, L, K] logits, every weight layout of the generated losses, null c, d, w and k,
/// soft labels, and an upstream gradient that is not all ones.
/// </summary>
public class FusedSurrogateTests
{
    private const int B = 6;
    private const int L = 3;
    private const int K = 4;

    /// <summary>A case: shapes of x, y, w, c, d, k (null: the argument is null) and which of them require grad.</summary>
    public sealed record Layout(string Name, long[] Logits, long[] Labels, long[]? Weights, long[]? Positive, long[]? Negative, long[]? Constant)
    {
        public override string ToString() => Name;
    }

    private static readonly Layout[] Layouts =
    [
        new("rate, no weights", [B, L], [B, L], null, [L], [L], [L]),
        new("rate, [B, 1] weights", [B, L], [B, L], [B, 1], [L], [L], [L]),
        new("rate, [B, L] weights", [B, L], [B, L], [B, L], [L], [L], [L]),
        new("rate, [1, L] weights", [B, L], [B, L], [1, L], [L], [L], [L]),
        new("rate, c = 1", [B, L], [B, L], [B, 1], null, [L], [L]),
        new("rate, d = 1", [B, L], [B, L], [B, 1], [L], null, [L]),
        new("accuracy: c = d = 1, no constant", [B, L], [B, L], [B, 1], null, null, null),
        new("F1: c and d, no constant", [B, L], [B, L], null, [L], [L], null),
        new("one label [B, 1]", [B, 1], [B, 1], [B, 1], [1], [1], [1]),
        new("anchored, labels [B, L, 1], weights [B, L, 1]", [B, L, K], [B, L, 1], [B, L, 1], [1, L, K], [1, L, K], [1, L, K]),
        new("anchored, labels [B, L], weights [B, 1, 1]", [B, L, K], [B, L], [B, 1, 1], [1, L, K], [1, L, K], [1, L, K]),
        new("anchored, c = 1 (partial ROC-AUC), no weights", [B, L, K], [B, L, 1], null, null, [1, L, K], [1, L, K]),
        new("anchored, d = 1, weights [B, L, 1]", [B, L, K], [B, L, 1], [B, L, 1], [1, L, K], null, [1, L, K]),
    ];

    /// <summary>Which inputs require grad besides the logits.</summary>
    public enum Needs
    {
        /// <summary>None (projected ascent: λ is a buffer).</summary>
        LogitsOnly,

        /// <summary>c, d and k (gradient reversal: they depend on a trainable λ); on the CPU the managed pass's node.</summary>
        Coefficients,

        /// <summary>c, d, k, the weights and the labels: the general node.</summary>
        Everything,
    }

    public static TheoryData<Layout, SurrogateType, Needs> Cases()
    {
        var data = new TheoryData<Layout, SurrogateType, Needs>();
        foreach (var layout in Layouts)
            foreach (var surrogate in new[] { SurrogateType.Xent, SurrogateType.Hinge })
                foreach (var needs in new[] { Needs.LogitsOnly, Needs.Coefficients, Needs.Everything })
                    data.Add(layout, surrogate, needs);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueAndGradientsMatchAutogradOfThePlainFormula(Layout layout, SurrogateType surrogate, Needs needs)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(9_071 + layout.Name.Length * 7 + (int)surrogate);
        var x = Logits(g, layout.Logits, surrogate);
        var y = SoftLabels(g, layout.Labels);
        var w = layout.Weights is { } ws ? torch.rand(ws, dtype: ScalarType.Float64, generator: g) + 0.25 : null;
        var c = layout.Positive is { } cs ? torch.rand(cs, dtype: ScalarType.Float64, generator: g) * 2 + 0.1 : null;
        var d = layout.Negative is { } ds ? torch.rand(ds, dtype: ScalarType.Float64, generator: g) * 2 + 0.1 : null;
        var k = layout.Constant is { } ks ? torch.randn(ks, dtype: ScalarType.Float64, generator: g) : null;
        var upstream = torch.rand(layout.Logits, dtype: ScalarType.Float64, generator: g) + 0.5;

        var fused = Leaves(needs, x, y, w, c, d, k);
        var plain = Leaves(needs, x, y, w, c, d, k);
        var fusedOutput = FusedSurrogate.Apply(surrogate, fused[0]!, fused[1]!, fused[2], fused[3], fused[4], fused[5]);
        var plainOutput = Plain(surrogate, plain[0]!, plain[1]!, plain[2], plain[3], plain[4], plain[5]);

        Assert.Equal(layout.Logits, fusedOutput.shape);
        Assert.Equal(ScalarType.Float64, fusedOutput.dtype);
        TensorAssert.AllClose(fusedOutput, plainOutput, rtol: 1e-12, atol: 1e-12, what: $"{layout}, {surrogate}: value");

        (fusedOutput * upstream).sum().backward();
        (plainOutput * upstream).sum().backward();
        string[] names = ["logits", "labels", "weights", "c", "d", "constant"];
        for (int i = 0; i < names.Length; i++)
        {
            if (fused[i] is not { } leaf || !leaf.requires_grad) continue;
            Assert.NotNull(leaf.grad);
            Assert.Equal(leaf.shape, leaf.grad!.shape);
            TensorAssert.AllClose(leaf.grad, plain[i]!.grad!, rtol: 1e-11, atol: 1e-12, what: $"{layout}, {surrogate}: ∂/∂{names[i]}");
        }
    }

    /// <summary>
    /// Float32 inputs: the same values as the plain formula to float32 precision, a float32 result and float32 gradients,
    /// through each path: c and d given (the custom node), c = 1 or d = 1 or both (libtorch's weighted BCE), and the
    /// constant alone requiring grad (BCE, then the constant's add on the graph).
    /// </summary>
    [Theory]
    [InlineData(SurrogateType.Xent, true, true, false)]
    [InlineData(SurrogateType.Xent, false, true, false)]
    [InlineData(SurrogateType.Xent, true, false, false)]
    [InlineData(SurrogateType.Xent, false, false, false)]
    [InlineData(SurrogateType.Xent, false, true, true)]
    [InlineData(SurrogateType.Hinge, true, true, false)]
    [InlineData(SurrogateType.Hinge, false, true, true)]
    public void Float32MatchesThePlainFormula(SurrogateType surrogate, bool withC, bool withD, bool constantWantsGrad)
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(77 + (int)surrogate);
        var x = TestData.Randn(g, 64, L) * 4;
        var y = TestData.Rand(g, 64, L);
        var w = TestData.Rand(g, 64, 1);
        var c = withC ? TestData.Rand(g, L) + 1 : null;
        var d = withD ? TestData.Rand(g, L) : null;
        var k = TestData.Randn(g, L);
        var fusedLogits = x.clone().requires_grad_(true);
        var plainLogits = x.clone().requires_grad_(true);
        var fusedConstant = k.clone().requires_grad_(constantWantsGrad);
        var plainConstant = k.clone().requires_grad_(constantWantsGrad);
        var fused = FusedSurrogate.Apply(surrogate, fusedLogits, y, w, c, d, fusedConstant);
        var plain = Plain(surrogate, plainLogits, y, w, c, d, plainConstant);
        Assert.Equal(ScalarType.Float32, fused.dtype);
        TensorAssert.AllClose(fused, plain, rtol: 1e-5, atol: 1e-5, what: "float32 value");
        fused.sum().backward();
        plain.sum().backward();
        Assert.Equal(ScalarType.Float32, fusedLogits.grad!.dtype);
        TensorAssert.AllClose(fusedLogits.grad, plainLogits.grad!, rtol: 1e-5, atol: 1e-6, what: "float32 ∂/∂logits");
        if (constantWantsGrad) TensorAssert.AllClose(fusedConstant.grad!, plainConstant.grad!, rtol: 1e-6, atol: 1e-6, what: "float32 ∂/∂constant");
    }

    /// <summary>Large logits keep the stable form, through the custom node and both BCE forms: no overflow, the exact limits.</summary>
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void LargeLogitsStayFinite(bool withC, bool withD)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { -200, -30, 30, 200 }, [4, 1]).requires_grad_(true);
        var y = torch.tensor(new float[] { 1, 0, 1, 0 }, [4, 1]);
        double c = withC ? 2 : 1, d = withD ? 3 : 1;
        var output = FusedSurrogate.Apply(SurrogateType.Xent, x, y, null, withC ? torch.full(1, 2f) : null, withD ? torch.full(1, 3f) : null, null);
        TensorAssert.AllClose(output, [200 * c, 0, 0, 200 * d], [4, 1], rtol: 1e-6, atol: 1e-6, what: "xent at ±200 and ±30");
        output.sum().backward();
        TensorAssert.AllClose(x.grad!, [-c, 0, 0, d], [4, 1], rtol: 1e-6, atol: 1e-6, what: "∂/∂x at ±200 and ±30");
    }

    /// <summary>Without autograd (no_grad, or no input requiring grad) the result is the same values and carries no graph.</summary>
    [Fact]
    public void WithoutGradientsNoNodeIsBuilt()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(5);
        var x = TestData.Randn(g, 8, L).to_type(ScalarType.Float64);
        var y = TestData.Rand(g, 8, L).to_type(ScalarType.Float64);
        var c = torch.full(L, 1.5, dtype: ScalarType.Float64);
        var d = torch.full(L, 0.5, dtype: ScalarType.Float64).requires_grad_(true);
        var expected = Plain(SurrogateType.Xent, x, y, null, c, d.detach(), null);

        var plain = FusedSurrogate.Apply(SurrogateType.Xent, x, y, null, c, d.detach(), null);
        Assert.False(plain.requires_grad);
        TensorAssert.AllClose(plain, expected, rtol: 1e-12, atol: 1e-12);
        using (torch.no_grad())
        {
            var inside = FusedSurrogate.Apply(SurrogateType.Xent, x, y, null, c, d, null);
            Assert.False(inside.requires_grad);
            TensorAssert.AllClose(inside, expected, rtol: 1e-12, atol: 1e-12);
        }
    }

    /// <summary>Inputs of another dtype are cast to the logits' (labels as float32 with float64 logits, and back).</summary>
    [Fact]
    public void OtherDtypesAreCastToTheLogits()
    {
        using var scope = torch.NewDisposeScope();
        var g = TestData.Seeded(6);
        var x = TestData.Randn(g, 5, 2).to_type(ScalarType.Float64).requires_grad_(true);
        var y = TestData.UniformAbove(g, 0.5, 5, 2);                       // float32
        var c = torch.full(2, 2.0f).requires_grad_(true);                  // float32, wants a gradient
        var output = FusedSurrogate.Apply(SurrogateType.Hinge, x, y, null, c, null, null);
        Assert.Equal(ScalarType.Float64, output.dtype);
        output.sum().backward();
        Assert.Equal(ScalarType.Float32, c.grad!.dtype);
        var reference = Plain(SurrogateType.Hinge, x.detach(), y.to_type(ScalarType.Float64), null, c.detach().to_type(ScalarType.Float64), null, null);
        TensorAssert.AllClose(output, reference, rtol: 1e-12, atol: 1e-12);
    }

    [Fact]
    public void BadArgumentsAreRejectedBeforeAnyOp()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(4, 2);
        var y = torch.zeros(4, 2);
        Assert.Equal("surrogate", Assert.Throws<ArgumentOutOfRangeException>(() => FusedSurrogate.Apply((SurrogateType)9, x, y)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => FusedSurrogate.Apply(SurrogateType.Xent, x, torch.zeros(4, 3))).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentException>(() => FusedSurrogate.Apply(SurrogateType.Xent, x, y, torch.ones(3, 1))).ParamName);
        Assert.Equal("positiveWeights", Assert.Throws<ArgumentException>(() => FusedSurrogate.Apply(SurrogateType.Xent, x, y, null, torch.ones(3))).ParamName);
        Assert.Equal("constant", Assert.Throws<ArgumentException>(() => FusedSurrogate.Apply(SurrogateType.Xent, x, y, null, null, null, torch.ones(2, 4, 2))).ParamName);
        Assert.Equal("logits", Assert.Throws<ArgumentException>(() => FusedSurrogate.Apply(SurrogateType.Xent, torch.zeros(4, 2, dtype: ScalarType.Int64), y)).ParamName);
    }

    /// <summary>Fresh float64 leaves (copies) of x, y, w, c, d, k, requiring grad as <paramref name="needs"/> says.</summary>
    private static Tensor?[] Leaves(Needs needs, params Tensor?[] tensors)
    {
        var leaves = new Tensor?[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
            leaves[i] = tensors[i]?.detach().clone().requires_grad_(i == 0 || needs == Needs.Everything || (needs == Needs.Coefficients && i >= 3));
        return leaves;
    }

    /// <summary>Logits ~ 2·N(0, 1); for the hinge, kept away from its kinks at ±1 where the gradient jumps.</summary>
    private static Tensor Logits(Generator g, long[] shape, SurrogateType surrogate)
    {
        var x = torch.randn(shape, dtype: ScalarType.Float64, generator: g) * 2;
        if (surrogate == SurrogateType.Hinge)
        {
            var nearKink = (x.abs() - 1).abs().lt(0.05);
            x = torch.where(nearKink, x * 1.2, x);
        }
        return x;
    }

    /// <summary>Soft labels: 0, 1 and values between.</summary>
    private static Tensor SoftLabels(Generator g, long[] shape)
    {
        var u = torch.rand(shape, dtype: ScalarType.Float64, generator: g);
        return torch.where(u.lt(0.4), torch.zeros_like(u), torch.where(u.gt(0.7), torch.ones_like(u), u));
    }

    /// <summary>The plain formula, one autograd op at a time.</summary>
    private static Tensor Plain(SurrogateType surrogate, Tensor x, Tensor y, Tensor? w, Tensor? c, Tensor? d, Tensor? k)
    {
        if (x.dim() == 3 && y.dim() == 2) y = y.unsqueeze(2);
        var positive = surrogate == SurrogateType.Xent ? x.neg().softplus(1, 1000) : (1 - x).relu();
        var negative = surrogate == SurrogateType.Xent ? x.softplus(1, 1000) : (1 + x).relu();
        var positivePart = y * positive;
        var negativePart = (1 - y) * negative;
        if (c is not null) positivePart = c * positivePart;
        if (d is not null) negativePart = d * negativePart;
        var s = positivePart + negativePart;
        if (w is not null) s = w * s;
        if (k is not null) s = s + k;
        return s.expand(x.shape);
    }
}
