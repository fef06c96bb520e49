using GlobalObjectives.Runtime.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace GlobalObjectives.Runtime.Tests;

/// <summary><see cref="TensorConstant"/>: follows the dtype of the tensor it is used with, is cached, and is never module state.</summary>
public class TensorConstantTests
{
    private sealed class ModuleWithConstant : nn.Module<Tensor, Tensor>
    {
        private readonly TensorConstant _anchors = new(new[] { 0.25, 0.5, 0.75 }, 1, 1, 3);

        public ModuleWithConstant() : base(nameof(ModuleWithConstant))
            => register_buffer("counts", torch.zeros(3));

        public override Tensor forward(Tensor input) => input.unsqueeze(2) * _anchors.For(input);
    }

    [Fact]
    public void FollowsTheDtypeAndKeepsValuesAndShape()
    {
        var constant = new TensorConstant(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, 2, 3);
        using var scope = torch.NewDisposeScope();

        var single = constant.For(torch.zeros(1));
        var dual = constant.For(torch.zeros(1, dtype: ScalarType.Float64));

        Assert.Equal(ScalarType.Float32, single.dtype);
        Assert.Equal(ScalarType.Float64, dual.dtype);
        Assert.Equal(new long[] { 2, 3 }, dual.shape);
        TensorAssert.AllClose(dual, new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, new long[] { 2, 3 }, rtol: 0, atol: 0);
        TensorAssert.AllClose(single, new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, new long[] { 2, 3 }, rtol: 1e-7, atol: 0);
        Assert.Equal(new long[] { 2, 3 }, constant.Shape);
        Assert.Equal(0.6, constant.Values[5]);
    }

    [Fact]
    public void IsCachedPerDtypeAndOutlivesDisposeScopes()
    {
        var constant = new TensorConstant(new[] { 1.5, -2.0 }, 2);
        Tensor first;
        using (torch.NewDisposeScope())
            first = constant.For(torch.zeros(1));

        using var scope = torch.NewDisposeScope();
        Assert.Same(first, constant.For(torch.ones(4)));
        TensorAssert.AllClose(first, new[] { 1.5, -2.0 }, new long[] { 2 }, rtol: 0, atol: 0, what: "after the scope ended");
    }

    [Fact]
    public void ADisposedCachedTensorIsRecreated()
    {
        var constant = new TensorConstant(new[] { 3.0 }, 1);
        var first = constant.For(torch.zeros(1));
        first.Dispose();

        var second = constant.For(torch.zeros(1));

        Assert.NotSame(first, second);
        TensorAssert.AllClose(second, new[] { 3.0 }, new long[] { 1 }, rtol: 0, atol: 0);
    }

    [Fact]
    public void AScalarConstantHasNoAxes()
    {
        var constant = new TensorConstant(new[] { 2.5 });
        using var scope = torch.NewDisposeScope();

        var value = constant.For(torch.zeros(3, dtype: ScalarType.Float64));

        Assert.Empty(value.shape);
        Assert.Equal(2.5, value.ToDouble());
    }

    [Fact]
    public void TheInputArraysAreCopied()
    {
        var values = new[] { 1.0, 2.0 };
        var shape = new long[] { 2 };
        var constant = new TensorConstant(values, shape);
        values[0] = 99;
        shape[0] = 7;
        using var scope = torch.NewDisposeScope();

        TensorAssert.AllClose(constant.For(torch.zeros(1)), new[] { 1.0, 2.0 }, new long[] { 2 }, rtol: 0, atol: 0);
    }

    [Fact]
    public void IsNotModuleStateEvenAfterConversion()
    {
        var module = new ModuleWithConstant();
        module.to(ScalarType.Float64);
        using var scope = torch.NewDisposeScope();

        var output = module.call(torch.ones(2, 1, dtype: ScalarType.Float64));

        Assert.Equal(new[] { "counts" }, module.state_dict().Keys.ToArray());
        Assert.Empty(module.parameters());
        Assert.Equal(ScalarType.Float64, output.dtype);
        TensorAssert.AllClose(output, new[] { 0.25, 0.5, 0.75, 0.25, 0.5, 0.75 }, new long[] { 2, 1, 3 }, rtol: 0, atol: 0);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var mismatch = Assert.Throws<ArgumentException>(() => new TensorConstant(new[] { 1.0, 2.0, 3.0 }, 2, 2));
        Assert.Equal("values", mismatch.ParamName);
        Assert.Contains("[2, 2]", mismatch.Message);
        Assert.Equal("values", Assert.Throws<ArgumentNullException>(() => new TensorConstant(null!, 1)).ParamName);
        Assert.Equal("like", Assert.Throws<ArgumentNullException>(() => new TensorConstant(new[] { 1.0 }, 1).For(null!)).ParamName);
    }
}
