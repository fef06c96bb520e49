using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary>The value and gradient of <see cref="DualVariables.Value"/> and the variables <see cref="DualVariables.Create"/> makes (seed spec §5).</summary>
public class DualVariablesTests
{
    private static readonly double[] RawValues = { -1.5, 0.25, 2.0, -0.75, 0.0 };
    private static readonly double[] Upstream = { 1.0, -3.0, 0.5, 2.0, 7.0 };

    private static TorchSharp.Modules.Parameter Variable()
        => new(torch.tensor(RawValues, dtype: ScalarType.Float64), requires_grad: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ForwardValueIsTheAbsoluteValue(bool trainable)
    {
        var v = Variable();
        using var scope = torch.NewDisposeScope();

        var lambda = DualVariables.Value(v, 0.3, trainable);

        Assert.Equal(ScalarType.Float64, lambda.dtype);
        Assert.True(lambda.requires_grad);
        TensorAssert.AllClose(lambda, RawValues.Select(Math.Abs).ToArray(), new long[] { 5 }, rtol: 1e-15, atol: 0, what: "λ");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(15.0)]
    public void TrainableGradientIsReversedAndScaledByTheDualRate(double rate)
    {
        var v = Variable();
        using var scope = torch.NewDisposeScope();

        var lambda = DualVariables.Value(v, rate, trainable: true);
        (lambda * torch.tensor(Upstream)).sum().backward();

        var expected = RawValues.Select((value, i) => -rate * Math.Sign(value) * Upstream[i]).ToArray();
        TensorAssert.AllClose(v.grad!, expected, new long[] { 5 }, rtol: 1e-12, atol: 1e-12, what: $"∂/∂v with r = {rate}");
    }

    [Fact]
    public void UntrainableGradientIsThePlainGradientOfTheAbsoluteValue()
    {
        var v = Variable();
        using var scope = torch.NewDisposeScope();

        var lambda = DualVariables.Value(v, 0.3, trainable: false);
        (lambda * torch.tensor(Upstream)).sum().backward();

        var expected = RawValues.Select((value, i) => Math.Sign(value) * Upstream[i]).ToArray();
        TensorAssert.AllClose(v.grad!, expected, new long[] { 5 }, rtol: 0, atol: 0, what: "∂/∂v, not reversed");
    }

    [Fact]
    public void AZeroDualVariableStaysFrozen()
    {
        var v = DualVariables.Create(new long[] { 3 }, 0.0, trainable: true);
        var optimizer = torch.optim.SGD(new[] { v }, learningRate: 1.0);
        for (int step = 0; step < 3; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            // A strongly violated constraint: the loss grows with λ, so ascent would push λ up if it could move.
            (DualVariables.Value(v, 0.5, trainable: true) * torch.tensor(new[] { 10f, -10f, 1f })).sum().backward();
            TensorAssert.AllClose(v.grad!, new[] { 0.0, 0.0, 0.0 }, new long[] { 3 }, rtol: 0, atol: 0, what: $"gradient at v = 0, step {step}");
            optimizer.step();
        }

        TensorAssert.AllClose(v, new[] { 0.0, 0.0, 0.0 }, new long[] { 3 }, rtol: 0, atol: 0, what: "v after three steps");
    }

    [Fact]
    public void GradientAscentOnLambdaWithAMinimizingOptimizer()
    {
        // Negative v is harmless: λ = |v| still grows when ∂loss/∂λ > 0 and shrinks when it is < 0.
        var v = new TorchSharp.Modules.Parameter(torch.tensor(new[] { -1.0f, 1.0f, -1.0f, 1.0f }), requires_grad: true);
        var optimizer = torch.optim.SGD(new[] { v }, learningRate: 1.0);
        using (torch.NewDisposeScope())
        {
            var lambda = DualVariables.Value(v, 0.1, trainable: true);
            (lambda * torch.tensor(new[] { 2f, 2f, -2f, -2f })).sum().backward();
            optimizer.step();
        }

        TensorAssert.AllClose(v.abs(), new[] { 1.2, 1.2, 0.8, 0.8 }, new long[] { 4 }, what: "|v| after one step");
    }

    [Fact]
    public void CreateMakesAFilledFloat32Parameter()
    {
        var trainable = DualVariables.Create(new long[] { 1, 2, 3 }, 1.0, trainable: true);
        var frozen = DualVariables.Create(new long[] { 4 }, -0.5, trainable: false);

        Assert.Equal(new long[] { 1, 2, 3 }, trainable.shape);
        Assert.Equal(ScalarType.Float32, trainable.dtype);
        Assert.True(trainable.requires_grad);
        TensorAssert.AllClose(trainable, Enumerable.Repeat(1.0, 6).ToArray(), new long[] { 1, 2, 3 }, rtol: 0, atol: 0);
        Assert.False(frozen.requires_grad);
        TensorAssert.AllClose(frozen, Enumerable.Repeat(-0.5, 4).ToArray(), new long[] { 4 }, rtol: 0, atol: 0);
    }

    [Fact]
    public void CreatedParametersOutliveTheDisposeScope()
    {
        TorchSharp.Modules.Parameter v;
        using (torch.NewDisposeScope())
            v = DualVariables.Create(new long[] { 2 }, 1.0, trainable: true);

        TensorAssert.AllClose(v, new[] { 1.0, 1.0 }, new long[] { 2 }, rtol: 0, atol: 0);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void CreateRejectsANonFiniteInitialValue(double value)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DualVariables.Create(new long[] { 2 }, value, trainable: true));
        Assert.Equal("initialValue", error.ParamName);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ValueRejectsAnInvalidDualRateFactor(double rate)
    {
        var v = Variable();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => DualVariables.Value(v, rate, trainable: true));
        Assert.Equal("dualRateFactor", error.ParamName);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Equal("shape", Assert.Throws<ArgumentNullException>(() => DualVariables.Create(null!, 1.0, true)).ParamName);
        Assert.Equal("variable", Assert.Throws<ArgumentNullException>(() => DualVariables.Value(null!, 0.1, true)).ParamName);
    }
}
